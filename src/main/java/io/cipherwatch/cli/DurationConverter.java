package io.cipherwatch.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Parses a command-line duration: a whole number with a unit ({@code 500ms}, {@code 90s}, {@code 10m},
 * {@code 2h}, {@code 1d}) or ISO-8601 ({@code PT90S}). Zero and negative durations are refused.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d = parse(value);
    if (d.isZero() || d.isNegative()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
    }
    return d;
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw invalid(value);
      }
    }
    int split = 0;
    while (split < v.length() && Character.isDigit(v.charAt(split))) {
      split++;
    }
    if (split == 0 || split > 18) {
      throw invalid(value);
    }
    long n = Long.parseLong(v.substring(0, split));
    return switch (v.substring(split)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> throw invalid(value);
    };
  }

  private static CommandLine.TypeConversionException invalid(String value) {
    return new CommandLine.TypeConversionException("'" + value
        + "' is not a duration: use a number with a unit (500ms, 90s, 10m, 2h, 1d) or ISO-8601 (PT90S)");
  }

  /** Formats a duration compactly for people: {@code 45s}, {@code 1m05s}, {@code 2h03m}. */
  static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
  }
}
