package io.cipherwatch.records;

import io.cipherwatch.alerting.AlertStatus;
import io.cipherwatch.alerting.AlertType;
import io.cipherwatch.alerting.Severity;
import io.cipherwatch.avro.DeprecationAlert;

/**
 * The one place where the alerting domain's enums meet the Avro-generated ones of {@code DeprecationAlert}
 * ({@code io.cipherwatch.avro.AlertType}, {@code Severity}, {@code AlertState}): code reasons with the domain's
 * and maps here when it builds or reads a record. Values map by name; a value without a counterpart fails when
 * this class loads (and in its test), not at run time.
 */
public final class AlertEnums {
  private static final io.cipherwatch.avro.AlertType[] TYPE_TO_AVRO =
      byName(AlertType.values(), io.cipherwatch.avro.AlertType.class);
  private static final AlertType[] TYPE_FROM_AVRO =
      byName(io.cipherwatch.avro.AlertType.values(), AlertType.class);
  private static final io.cipherwatch.avro.Severity[] SEVERITY_TO_AVRO =
      byName(Severity.values(), io.cipherwatch.avro.Severity.class);
  private static final Severity[] SEVERITY_FROM_AVRO =
      byName(io.cipherwatch.avro.Severity.values(), Severity.class);
  private static final io.cipherwatch.avro.AlertState[] STATUS_TO_AVRO =
      byName(AlertStatus.values(), io.cipherwatch.avro.AlertState.class);
  private static final AlertStatus[] STATUS_FROM_AVRO =
      byName(io.cipherwatch.avro.AlertState.values(), AlertStatus.class);

  private AlertEnums() {}

  /** The counterpart of every value of {@code from}, by ordinal. */
  @SuppressWarnings("unchecked")
  private static <F extends Enum<F>, T extends Enum<T>> T[] byName(F[] from, Class<T> to) {
    T[] out = (T[]) java.lang.reflect.Array.newInstance(to, from.length);
    for (F f : from) {
      out[f.ordinal()] = Enum.valueOf(to, f.name());
    }
    return out;
  }

  public static io.cipherwatch.avro.AlertType toAvro(AlertType type) {
    return TYPE_TO_AVRO[type.ordinal()];
  }

  public static AlertType fromAvro(io.cipherwatch.avro.AlertType type) {
    return TYPE_FROM_AVRO[type.ordinal()];
  }

  public static io.cipherwatch.avro.Severity toAvro(Severity severity) {
    return SEVERITY_TO_AVRO[severity.ordinal()];
  }

  public static Severity fromAvro(io.cipherwatch.avro.Severity severity) {
    return SEVERITY_FROM_AVRO[severity.ordinal()];
  }

  public static io.cipherwatch.avro.AlertState toAvro(AlertStatus status) {
    return STATUS_TO_AVRO[status.ordinal()];
  }

  public static AlertStatus fromAvro(io.cipherwatch.avro.AlertState state) {
    return STATUS_FROM_AVRO[state.ordinal()];
  }

  /** The alert's type. */
  public static AlertType type(DeprecationAlert a) {
    return fromAvro(a.getType());
  }

  /** The alert's severity. */
  public static Severity severity(DeprecationAlert a) {
    return fromAvro(a.getSeverity());
  }

  /** The alert's status (OPEN or RESOLVED). */
  public static AlertStatus status(DeprecationAlert a) {
    return fromAvro(a.getState());
  }

  /** Whether the record is an OPEN transition. */
  public static boolean isOpen(DeprecationAlert a) {
    return status(a) == AlertStatus.OPEN;
  }
}
