package io.ledgerkit.persistence.jpa.entities;

import io.ledgerkit.persistence.balance.AccountId;
import io.ledgerkit.persistence.balance.BalanceSettings;
import io.ledgerkit.persistence.jpa.internal.StringMapConverter;
import io.ledgerkit.persistence.jpa.repositories.AccountSettingsRepository;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One row of {@code account_settings}: a connector account's asset, link type, balance settings and
 * free-form custom settings. Build one with {@link #of}; {@link AccountSettingsRepository} saves
 * it.
 */
@Entity(name = "AccountSettings")
@Table(name = "account_settings")
public class AccountSettingsEntity {

  private static final Pattern ASSET_CODE = Pattern.compile("[A-Za-z0-9]{1,16}");

  @Id
  @Column(name = "account_id", length = 64, nullable = false)
  private String accountId;

  @Column(name = "asset_code", length = 16, nullable = false)
  private String assetCode;

  @Column(name = "asset_scale", nullable = false)
  private int assetScale;

  @Column(name = "link_type", length = 64)
  private String linkType;

  @Column(name = "min_balance")
  private Long minBalance;

  @Column(name = "settle_threshold")
  private Long settleThreshold;

  @Column(name = "settle_to", nullable = false)
  private long settleTo;

  @Convert(converter = StringMapConverter.class)
  @Column(name = "custom_settings", length = 4000)
  private Map<String, String> customSettings = new TreeMap<>();

  /** For JPA. */
  protected AccountSettingsEntity() {}

  /**
   * Creates validated settings.
   *
   * @param accountId the account (validated as an {@link AccountId})
   * @param assetCode the asset code, 1 to 16 letters or digits, e.g. {@code USD}
   * @param assetScale the number of decimal places of the asset's unit, 0 to 18
   * @param linkType the link type, e.g. {@code ILP_OVER_HTTP}, or {@code null}
   * @param balance the balance settings
   * @param customSettings further settings (copied), may be empty
   * @return the entity
   * @throws IllegalArgumentException naming the value when one is invalid
   */
  public static AccountSettingsEntity of(
      AccountId accountId,
      String assetCode,
      int assetScale,
      String linkType,
      BalanceSettings balance,
      Map<String, String> customSettings) {
    AccountSettingsEntity e = new AccountSettingsEntity();
    e.accountId = Objects.requireNonNull(accountId, "accountId").value();
    e.assetCode = assetCode;
    e.assetScale = assetScale;
    e.linkType = linkType;
    BalanceSettings b = Objects.requireNonNull(balance, "balance");
    e.minBalance = b.minBalance();
    e.settleThreshold = b.settleThreshold();
    e.settleTo = b.settleTo();
    e.customSettings = new TreeMap<>(Objects.requireNonNull(customSettings, "customSettings"));
    e.validate();
    return e;
  }

  /**
   * Checks every field; called by the repository before saving.
   *
   * @throws IllegalArgumentException naming the value and the fix when one is invalid
   */
  public void validate() {
    AccountId.of(accountId);
    if (assetCode == null || !ASSET_CODE.matcher(assetCode).matches()) {
      throw new IllegalArgumentException(
          "asset code '" + assetCode + "' must be 1 to 16 letters or digits, e.g. USD");
    }
    if (assetScale < 0 || assetScale > 18) {
      throw new IllegalArgumentException(
          "asset scale " + assetScale + " of account " + accountId + " must be 0 to 18");
    }
    if (linkType != null && (linkType.isBlank() || linkType.length() > 64)) {
      throw new IllegalArgumentException(
          "link type '" + linkType + "' must be 1 to 64 characters, or absent");
    }
    if (settleTo < 0) {
      throw new IllegalArgumentException(
          "settleTo " + settleTo + " of account " + accountId + " must be 0 or more");
    }
    if (settleThreshold != null && settleThreshold < settleTo) {
      throw new IllegalArgumentException(
          "settleThreshold "
              + settleThreshold
              + " of account "
              + accountId
              + " is below settleTo "
              + settleTo
              + "; settleThreshold must be at least settleTo");
    }
    if (minBalance != null && settleThreshold != null && minBalance > settleThreshold) {
      throw new IllegalArgumentException(
          "minBalance "
              + minBalance
              + " of account "
              + accountId
              + " is above settleThreshold "
              + settleThreshold
              + "; lower minBalance or raise settleThreshold");
    }
    String encoded = new StringMapConverter().convertToDatabaseColumn(customSettings);
    if (encoded != null && encoded.length() > 4000) {
      throw new IllegalArgumentException(
          "custom settings of account "
              + accountId
              + " take "
              + encoded.length()
              + " characters encoded; at most 4000 fit");
    }
  }

  /**
   * The account.
   *
   * @return the account id
   */
  public AccountId getAccountId() {
    return AccountId.of(accountId);
  }

  /**
   * The asset code.
   *
   * @return the code
   */
  public String getAssetCode() {
    return assetCode;
  }

  /**
   * The asset scale.
   *
   * @return the scale
   */
  public int getAssetScale() {
    return assetScale;
  }

  /**
   * The link type, or {@code null}.
   *
   * @return the link type
   */
  public String getLinkType() {
    return linkType;
  }

  /**
   * The balance settings.
   *
   * @return the settings
   */
  public BalanceSettings getBalanceSettings() {
    return new BalanceSettings(minBalance, settleThreshold, settleTo);
  }

  /**
   * Replaces the balance settings.
   *
   * @param balance the new settings
   */
  public void setBalanceSettings(BalanceSettings balance) {
    this.minBalance = balance.minBalance();
    this.settleThreshold = balance.settleThreshold();
    this.settleTo = balance.settleTo();
  }

  /**
   * The custom settings (a copy).
   *
   * @return the settings
   */
  public Map<String, String> getCustomSettings() {
    return Map.copyOf(customSettings);
  }
}
