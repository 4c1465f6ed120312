package io.cipherwatch.topology;

import io.cipherwatch.alerting.AlertMessages;
import io.cipherwatch.alerting.AlertStatus;
import io.cipherwatch.alerting.Transition;
import io.cipherwatch.avro.CipherUsage;
import io.cipherwatch.avro.DeadLetter;
import io.cipherwatch.avro.DeprecationAlert;
import io.cipherwatch.avro.Direction;
import io.cipherwatch.avro.FleetUsage;
import io.cipherwatch.avro.TrunkMetadata;
import io.cipherwatch.catalog.CipherCatalog;
import io.cipherwatch.policy.Classification;
import io.cipherwatch.policy.DeadLetterReason;
import io.cipherwatch.records.AlertEnums;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the output Avro records from the topology's internal state. */
final class AvroRecords {
  private static final CipherCatalog CATALOG = CipherCatalog.standard();

  private AvroRecords() {}

  static Map<String, Long> cipherCounts(UsageCounts c) {
    Map<String, Long> m = new LinkedHashMap<>(c.cipherCount() * 2);
    for (int i = 0; i < c.cipherCount(); i++) {
      m.merge(CATALOG.ianaName(c.cipherCode(i)), c.cipherHandshakes(i), Long::sum);
    }
    return m;
  }

  /** One trunk's window row (built with the all-args constructor: this runs once per trunk and window). */
  static CipherUsage usage(String trunkId, Direction dir, long start, long end, UsageCounts c, TrunkMetadata md,
      long policyVersion) {
    long established = c.established();
    return new CipherUsage(trunkId, dir, java.time.Instant.ofEpochMilli(start), java.time.Instant.ofEpochMilli(end),
        c.handshakes(), established, c.failed(), c.deprecated(), UsageCounts.share(c.deprecated(), established),
        c.wouldBreak(), UsageCounts.share(c.wouldBreak(), established), c.count(Classification.CLEAN),
        c.count(Classification.OFFERS_DEPRECATED), c.count(Classification.PREFERS_DEPRECATED),
        c.count(Classification.DEPRECATED_ONLY), cipherCounts(c), c.riskLevel(),
        md == null ? null : md.getTrunkName(),
        md == null ? null : md.getOrganizationId(),
        md == null ? null : md.getOrganizationName(),
        md == null ? null : md.getCarrier(),
        md == null ? null : md.getRegion(),
        md == null ? null : md.getTrunkType(),
        md == null ? null : md.getContact(),
        policyVersion);
  }

  static FleetUsage fleet(Direction dir, long start, long end, UsageCounts c, long[] trunksByRisk,
      long policyVersion) {
    long established = c.established();
    return FleetUsage.newBuilder()
        .setDirection(dir)
        .setWindowStart(java.time.Instant.ofEpochMilli(start))
        .setWindowEnd(java.time.Instant.ofEpochMilli(end))
        .setTrunks(trunksByRisk[0] + trunksByRisk[1] + trunksByRisk[2] + trunksByRisk[3])
        .setHandshakes(c.handshakes())
        .setEstablishedHandshakes(established)
        .setFailedHandshakes(c.failed())
        .setDeprecatedHandshakes(c.deprecated())
        .setDeprecatedShare(UsageCounts.share(c.deprecated(), established))
        .setWouldBreakHandshakes(c.wouldBreak())
        .setWouldBreakShare(UsageCounts.share(c.wouldBreak(), established))
        .setCleanHandshakes(c.count(Classification.CLEAN))
        .setOffersDeprecatedHandshakes(c.count(Classification.OFFERS_DEPRECATED))
        .setPrefersDeprecatedHandshakes(c.count(Classification.PREFERS_DEPRECATED))
        .setDeprecatedOnlyHandshakes(c.count(Classification.DEPRECATED_ONLY))
        .setCipherCounts(cipherCounts(c))
        .setCleanTrunks(trunksByRisk[0])
        .setInfoTrunks(trunksByRisk[1])
        .setWarningTrunks(trunksByRisk[2])
        .setCriticalTrunks(trunksByRisk[3])
        .setPolicyVersion(policyVersion)
        .build();
  }

  static DeprecationAlert alert(String trunkId, Direction dir, Transition t, TrunkMetadata md,
      long policyVersion) {
    int chosen = t.openingChosenSuite();
    String iana = chosen < 0 ? null : CATALOG.ianaName(chosen);
    String openssl = chosen < 0 ? null : CATALOG.opensslName(chosen);
    List<String> offer = new ArrayList<>(t.openingOffer().length);
    for (int code : t.openingOffer()) {
      offer.add(CATALOG.ianaName(code));
    }
    String trunkName = md == null ? null : md.getTrunkName();
    return DeprecationAlert.newBuilder()
        .setAlertId(t.alertId())
        .setTrunkId(trunkId)
        .setDirection(dir)
        .setType(AlertEnums.toAvro(t.type()))
        .setSeverity(AlertEnums.toAvro(t.type().severity()))
        .setState(AlertEnums.toAvro(AlertStatus.of(t.open())))
        .setOpenedAt(java.time.Instant.ofEpochMilli(t.openedAt()))
        .setResolvedAt(t.open() ? null : java.time.Instant.ofEpochMilli(t.eventTime()))
        .setEventTime(java.time.Instant.ofEpochMilli(t.eventTime()))
        .setEventId(t.triggerEventId())
        .setNegotiatedCipherSuite(iana)
        .setNegotiatedCipherSuiteOpenssl(openssl)
        .setOfferedCipherSuites(offer)
        .setHandshakesSinceOpen(t.handshakesSinceOpen())
        .setLastEvidenceAt(java.time.Instant.ofEpochMilli(t.lastEvidenceAt()))
        .setTrunkName(trunkName)
        .setOrganizationId(md == null ? null : md.getOrganizationId())
        .setOrganizationName(md == null ? null : md.getOrganizationName())
        .setCarrier(md == null ? null : md.getCarrier())
        .setRegion(md == null ? null : md.getRegion())
        .setContact(md == null ? null : md.getContact())
        .setMessage(AlertMessages.message(t, trunkName == null ? trunkId : trunkName, dir.name(), iana, openssl))
        .setPolicyVersion(policyVersion)
        .build();
  }

  /** The dead letter of a trunk-metadata value that does not decode (no partition or offset: read from a store). */
  static DeadLetter badMetadata(String metadataTopic, String trunkId, byte[] value, long timestamp) {
    return DeadLetters.of(DeadLetterReason.BAD_METADATA.name(), DeadLetterReason.BAD_METADATA.message(),
        metadataTopic, -1, -1, Math.max(0, timestamp), null, trunkId, trunkId.getBytes(StandardCharsets.UTF_8),
        value);
  }

  static DeadLetter deadLetter(Intake in) {
    return DeadLetters.of(in.reason.name(), in.message, in.sourceTopic, in.sourcePartition, in.sourceOffset, in.timestamp,
        in.event == null ? null : in.event.getEventId(), in.event == null ? null : in.event.getTrunkId(),
        in.originalKey, in.originalValue);
  }
}
