package io.cipherwatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of {@code cipherwatch.jar}: dispatches to the subcommands. */
@Command(
    name = "cipherwatch",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Turns TLS handshake telemetry from SIP trunks into cipher deprecation-risk alerts and usage figures.",
    subcommands = {RunCommand.class, DemoCommand.class, SimulateCommand.class, ReplayCommand.class,
        SchemasCommand.class, ReadinessCommand.class, ProbeCommand.class, PolicyCommand.class,
        CaptureCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

  @Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
      description = "Log Kafka's own INFO messages too (quiet by default).")
  void setVerbose(boolean verbose) {
    if (verbose) {
      ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.INFO);
      ((Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.INFO);
      ((Logger) LoggerFactory.getLogger("io.cipherwatch")).setLevel(Level.DEBUG);
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line, so tests can run commands in-process. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Reads the version from the jar manifest (falls back to "dev"). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"cipherwatch " + (v == null ? "dev" : v)};
    }
  }
}
