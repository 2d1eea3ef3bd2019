package io.ledgerkit.examples.connector;

import io.ledgerkit.persistence.balance.AccountBalance;
import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.jpa.entities.AccountSettingsEntity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The balances the simulation must end with, computed here from the rules of the design (not with a
 * tracker): prepare takes from prepaid first and is refused below the minimum; reject gives back;
 * fulfill credits clearing and, at the threshold, moves {@code clearing - settleTo} into a
 * settlement, which is confirmed.
 */
final class ExpectedBalances {
  final Map<AccountId, long[]> balances = new HashMap<>(); // {clearing, prepaid}
  final List<Long> settlements = new ArrayList<>();
  int fulfilled;
  int rejected;
  int refused;

  static ExpectedBalances compute(
      List<AccountSettingsEntity> accounts, Map<AccountId, Long> prefunds, List<Packet> packets) {
    ExpectedBalances m = new ExpectedBalances();
    Map<AccountId, BalanceSettings> settings = new HashMap<>();
    for (AccountSettingsEntity a : accounts) {
      settings.put(a.getAccountId(), a.getBalanceSettings());
      m.balances.put(a.getAccountId(), new long[2]);
    }
    prefunds.forEach((id, amount) -> m.balances.get(id)[1] += amount);
    for (Packet p : packets) {
      long[] from = m.balances.get(p.from());
      Long min = settings.get(p.from()).minBalance();
      if (min != null && from[0] + from[1] - p.amount() < min) {
        m.refused++;
        continue;
      }
      long fromPrepaid = Math.min(from[1], p.amount());
      long fromClearing = p.amount() - fromPrepaid;
      from[1] -= fromPrepaid;
      from[0] -= fromClearing;
      if (!p.fulfilled()) {
        from[1] += fromPrepaid;
        from[0] += fromClearing;
        m.rejected++;
        continue;
      }
      m.fulfilled++;
      long[] to = m.balances.get(p.to());
      to[0] += p.amount();
      BalanceSettings s = settings.get(p.to());
      if (s.settleThreshold() != null && to[0] >= s.settleThreshold()) {
        m.settlements.add(to[0] - s.settleTo());
        to[0] = s.settleTo();
      }
    }
    return m;
  }

  AccountBalance of(AccountId id) {
    long[] b = balances.get(id);
    return new AccountBalance(id, b[0], b[1]);
  }
}
