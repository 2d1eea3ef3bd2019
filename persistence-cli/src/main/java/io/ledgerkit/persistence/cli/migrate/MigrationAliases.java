package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.common.ConnectionOptions;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.ChangeSetRef;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The node-style top-level options {@code --just-generate-database-migration [FILE]} (the same as
 * {@code generate-sql --out FILE}) and {@code --just-run-db-migration} (the same as {@code
 * migrate}). The top command delegates to {@link #runIfRequested(CommandSpec)}.
 */
public final class MigrationAliases {

  @Option(
      names = "--just-generate-database-migration",
      arity = "0..1",
      paramLabel = "FILE",
      fallbackValue = "",
      description =
          "Alias of 'generate-sql [--out FILE]': write the pending migration SQL and exit.")
  private String generateFile;

  @Option(
      names = "--just-run-db-migration",
      description = "Alias of 'migrate': apply the pending migrations and exit.")
  private boolean runMigration;

  @Mixin private ConnectionOptions connection = new ConnectionOptions();

  @Mixin private SchemaSelection selection = new SchemaSelection();

  /** Creates the options (picocli fills them). */
  public MigrationAliases() {}

  /**
   * Runs the alias given on the command line, if any.
   *
   * @param spec the top command
   * @return {@code true} when an alias ran, {@code false} when none was given
   * @throws java.io.UncheckedIOException when the SQL file cannot be written
   */
  public boolean runIfRequested(CommandSpec spec) {
    if (generateFile == null && !runMigration) {
      return false;
    }
    if (generateFile != null && runMigration) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--just-generate-database-migration and --just-run-db-migration cannot be combined");
    }
    LedgerkitConfig config = connection.config();
    ConnectionOptions.Resolved db = connection.resolve(config);
    var out = spec.commandLine().getOut();
    try (SchemaSelection.Active active = selection.discover(spec, config)) {
      SchemaMigration.Builder b =
          SchemaMigration.configure()
              .url(db.url(), db.user(), db.password())
              .schemas(active.schemas());
      if (runMigration) {
        List<ChangeSetRef> applied =
            b.onChangeSetApplied(
                    c -> {
                      out.println("  applied " + c.id() + " (" + c.file() + ") of " + c.schema());
                      out.flush();
                    })
                .load()
                .migrate();
        out.println(
            applied.isEmpty()
                ? "Database is up to date; nothing to apply."
                : "Applied " + applied.size() + " change set(s).");
      } else {
        Path target =
            GenerateSqlCommand.defaultFile(
                connection.workingDir(), generateFile.isEmpty() ? null : Path.of(generateFile));
        try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
          b.load().generateSql(w);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(
              "cannot write " + target + ": " + e.getMessage(), e);
        }
        out.println("Wrote the migration SQL for " + db.maskedUrl() + " to " + target);
      }
      out.flush();
    }
    return true;
  }
}
