import io.ledgerkit.persistence.balance.*;
import io.ledgerkit.persistence.balance.postgres.PostgresBalanceTracker;
import io.ledgerkit.persistence.schema.SchemaOptions;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;
/**
 * Auto-batching with more than one batch in flight, which `ledgerkit bench balances --auto-batch`
 * (default AutoBatchingBalanceTracker.wrap, one batch of a kind in flight) does not expose. Same
 * workload as the bench's "prepare": amount 1, no minimum balance, 1000 accounts bench-0..999 on
 * the bench tables (prefix lkbench_), 2 s warm-up. Arguments: threads, maxConcurrentBatches (0 = no
 * wrapper: single calls), measured seconds. Run from the checkout root:
 *
 *   java -cp persistence-cli/target/ledgerkit.jar persistence-balance-postgres/bench/AutoBatchBench.java 32 2 10
 */
public class AutoBatchBench {
  public static void main(String[] a) throws Exception {
    int threads = Integer.parseInt(a[0]); int conc = Integer.parseInt(a[1]); long secs = Long.parseLong(a[2]);
    PostgresBalanceTracker raw = PostgresBalanceTracker.configure().url("jdbc:postgresql://127.0.0.1:5432/test?user=postgres")
      .schemaOptions(SchemaOptions.tablePrefix("lkbench_")).maximumPoolSize(32).runMigration(true).build();
    BalanceTracker t = conc == 0 ? raw : AutoBatchingBalanceTracker.configure(raw).maxConcurrentBatches(conc).build();
    AccountId[] acc = new AccountId[1000]; for (int i = 0; i < 1000; i++) acc[i] = AccountId.of("bench-" + i);
    AtomicBoolean stop = new AtomicBoolean(); AtomicBoolean measure = new AtomicBoolean(); LongAdder n = new LongAdder();
    ExecutorService ex = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < threads; i++) ex.submit(() -> { ThreadLocalRandom r = ThreadLocalRandom.current(); while (!stop.get()) { t.prepare(acc[r.nextInt(1000)], 1); if (measure.get()) n.increment(); } return null; });
    Thread.sleep(2000); measure.set(true); long t0 = System.nanoTime(); Thread.sleep(secs * 1000); measure.set(false); long t1 = System.nanoTime(); stop.set(true);
    ex.shutdown(); ex.awaitTermination(10, TimeUnit.SECONDS);
    System.out.printf("threads %d concurrentBatches %d: %.0f ops/s%n", threads, conc, n.sum() / ((t1 - t0) / 1e9));
    if (t instanceof AutoBatchingBalanceTracker ab) System.out.println(ab.statistics() + " mean " + ab.statistics().meanBatchSize());
    t.close();
  }
}
