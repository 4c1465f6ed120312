/**
 * Link, IP and TCP headers: frames (Ethernet, VLAN, Linux cooked, raw IP, loopback; IPv4, IPv6) to TCP
 * segments, and the address types. Depends on nothing of cipherwatch.
 */
package io.cipherwatch.capture.net;
