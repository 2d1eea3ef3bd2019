package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.common.ConnectionFailures;
import io.ledgerkit.persistence.cli.common.ConnectionOptions;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What the migration commands share: the connection options, the schema selection, and building a
 * {@link SchemaMigration} from them.
 */
abstract class MigrationCommandBase implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ConnectionOptions connection = new ConnectionOptions();

  @Mixin SchemaSelection selection = new SchemaSelection();

  @Override
  public final Integer call() throws Exception {
    LedgerkitConfig config = connection.configOrUsageError(spec);
    try (SchemaSelection.Active active = selection.discover(spec, config)) {
      return run(config, active);
    } catch (RuntimeException e) {
      ConnectionFailures.Unreachable unreachable =
          ConnectionFailures.of(connection.resolve(config).url(), e);
      throw unreachable != null ? unreachable : e;
    }
  }

  /**
   * Runs the command.
   *
   * @param config the configuration
   * @param active the active schemas
   * @return the exit code
   * @throws Exception on failure (printed as one line by the CLI's handler)
   */
  abstract int run(LedgerkitConfig config, SchemaSelection.Active active) throws Exception;

  SchemaMigration migration(
      LedgerkitConfig config, SchemaSelection.Active active, Consumer<ChangeSetRef> listener) {
    return migration(config, active, listener, false);
  }

  SchemaMigration migration(
      LedgerkitConfig config,
      SchemaSelection.Active active,
      Consumer<ChangeSetRef> listener,
      boolean forgetUnknownChangeSets) {
    ConnectionOptions.Resolved db = connection.resolve(config);
    return migration(
        config, active, listener, forgetUnknownChangeSets, db.url(), db.user(), db.password());
  }

  SchemaMigration migration(
      LedgerkitConfig config,
      SchemaSelection.Active active,
      Consumer<ChangeSetRef> listener,
      String url,
      String user,
      String password) {
    return migration(config, active, listener, false, url, user, password);
  }

  private static SchemaMigration migration(
      LedgerkitConfig config,
      SchemaSelection.Active active,
      Consumer<ChangeSetRef> listener,
      boolean forgetUnknownChangeSets,
      String url,
      String user,
      String password) {
    SchemaMigration.Builder b =
        SchemaMigration.configure()
            .url(url, user, password)
            .schemas(active.schemas())
            .runMigration(config.database().runMigration())
            .forgetUnknownChangeSets(forgetUnknownChangeSets);
    if (listener != null) {
      b.onChangeSetApplied(listener);
    }
    return b.load();
  }

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  PrintWriter err() {
    return spec.commandLine().getErr();
  }

  String database(LedgerkitConfig config) {
    return connection.resolve(config).maskedUrl();
  }
}
