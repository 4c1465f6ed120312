package io.cipherwatch.http;

/**
 * The {@code /api} queries, answered from the application's state stores. {@code local} marks an internal request
 * forwarded by another instance: answer from this instance's partitions only, never forward again.
 */
public interface ApiQueries {

  /** {@code GET /api/fleet}: the latest fleet window per direction. */
  ApiResponse fleet(boolean local);

  /** {@code GET /api/trunks/{trunkId}}: latest window per direction, alerts and metadata; 404 for an unknown trunk. */
  ApiResponse trunk(String trunkId, boolean local);

  /** {@code GET /api/alerts}: the latest transition of every alert matching {@code filter}. */
  ApiResponse alerts(AlertFilter filter, boolean local);

  /**
   * These queries on behalf of a caller that sent {@code authorization} (null: none): requests forwarded to other
   * instances carry it. The default ignores it (nothing is forwarded).
   */
  default ApiQueries forCaller(String authorization) {
    return this;
  }

  /**
   * {@code GET /api/readiness} and {@code GET /api/readiness/organizations/{id}}: removal readiness for the
   * {@code remove} list (null: the live policy's deprecated set), for every organization or one.
   */
  default ApiResponse readiness(String remove, String organizationId, boolean local) {
    return ApiResponse.error(404, "Removal readiness is not served by this instance");
  }
}
