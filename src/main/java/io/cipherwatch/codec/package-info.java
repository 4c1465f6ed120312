/**
 * Small binary codecs shared by the persisted state formats (one varint codec). Plain Java; depends on nothing
 * of cipherwatch.
 */
package io.cipherwatch.codec;
