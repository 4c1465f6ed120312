package io.cipherwatch.http;

import io.cipherwatch.alerting.AlertStatus;
import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.alerting.Severity;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.records.AlertEnums;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The optional filters of {@code GET /api/alerts}: {@code state}, {@code severity} and {@code type} (values are
 * case-insensitive). A null field matches everything.
 */
public record AlertFilter(AlertStatus state, Severity severity, AlertType type) {
  /** Matches every alert. */
  public static final AlertFilter ALL = new AlertFilter(null, null, null);

  /** Parameter names of {@code /api/alerts}, {@code local} included. */
  public static final Set<String> PARAMETERS = new LinkedHashSet<>(List.of("state", "severity", "type", "local"));

  /**
   * The filter of a parsed query string.
   *
   * @throws BadRequestException naming the parameter and its allowed values
   */
  public static AlertFilter parse(Map<String, String> query) {
    return new AlertFilter(
        value(query, "state", AlertStatus.class),
        value(query, "severity", Severity.class),
        value(query, "type", AlertType.class));
  }

  private static <E extends Enum<E>> E value(Map<String, String> query, String name, Class<E> type) {
    String v = query.get(name);
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
      throw new BadRequestException("Query parameter '" + name + "' must be one of " + allowed);
    }
  }

  /** Whether {@code alert} passes every set filter. */
  public boolean matches(DeprecationAlert alert) {
    return (state == null || AlertEnums.status(alert) == state)
        && (severity == null || AlertEnums.severity(alert) == severity)
        && (type == null || AlertEnums.type(alert) == type);
  }

  /** The filter as a query string ({@code state=OPEN&type=REGRESSION}), empty for {@link #ALL}. */
  public String toQuery() {
    List<String> parts = new ArrayList<>();
    if (state != null) {
      parts.add("state=" + state.name());
    }
    if (severity != null) {
      parts.add("severity=" + severity.name());
    }
    if (type != null) {
      parts.add("type=" + type.name());
    }
    return String.join("&", parts);
  }
}
