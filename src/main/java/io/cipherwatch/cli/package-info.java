/**
 * The picocli commands ({@code run}, {@code demo}, {@code replay}, {@code simulate}, {@code bench},
 * {@code readiness}, {@code probe}, {@code policy}, {@code schemas}, ...): each a thin shell over the other packages,
 * with shared options in mixins. The top of the graph: nothing depends on it.
 */
package io.cipherwatch.cli;
