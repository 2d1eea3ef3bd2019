package io.ledgerkit.persistence.cli.migrate;

import io.ledgerkit.persistence.cli.LedgerkitCli;
import io.ledgerkit.persistence.config.LedgerkitConfig;
import io.ledgerkit.persistence.migrations.SchemaMigration;
import io.ledgerkit.persistence.migrations.SqlDialect;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ledgerkit generate-sql}: the SQL of the migrations, for review before applying. With
 * {@code --dialect} the full script offline (no connection); otherwise the delta of the configured
 * database.
 */
@Command(
    name = "generate-sql",
    mixinStandardHelpOptions = true,
    description =
        "Write the migration SQL for review: the full script for --dialect (offline, no"
            + " connection), else what 'migrate' would run on the database.")
final class GenerateSqlCommand extends MigrationCommandBase {

  @Option(
      names = "--dialect",
      paramLabel = "DIALECT",
      description = "h2, postgresql, mysql, mariadb, mssql or oracle: generate offline.")
  private String dialect;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Output file ('-' for standard output). Default:"
              + " ledgerkit-migration-<yyyyMMdd-HHmmss>.sql in the working directory.")
  private Path outFile;

  /** Creates the command. */
  public GenerateSqlCommand() {}

  @Override
  int run(LedgerkitConfig config, SchemaSelection.Active active) throws IOException {
    SqlDialect d = null;
    if (dialect != null) {
      try {
        d = SqlDialect.of(dialect);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--dialect: " + e.getMessage());
      }
    }
    SchemaMigration m = migration(config, active, null);
    Path target = outFile;
    if (target != null && target.toString().equals("-")) {
      generate(m, d, out());
      out().flush();
      return LedgerkitCli.EXIT_OK;
    }
    target = defaultFile(connection.workingDir(), target);
    try (Writer w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      generate(m, d, w);
    } catch (RuntimeException | IOException e) {
      Files.deleteIfExists(target);
      throw e;
    }
    out()
        .println(
            "Wrote "
                + (d == null
                    ? "the migration SQL for " + database(config)
                    : "the " + d.shortName() + " script")
                + " to "
                + target);
    return LedgerkitCli.EXIT_OK;
  }

  static Path defaultFile(Path workingDir, Path given) {
    if (given != null) {
      return given.isAbsolute() ? given : workingDir.resolve(given);
    }
    return workingDir.resolve(
        "ledgerkit-migration-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + ".sql");
  }

  private static void generate(SchemaMigration m, SqlDialect d, Writer w) {
    if (d == null) {
      m.generateSql(w);
    } else {
      m.generateSql(d, w);
    }
  }
}
