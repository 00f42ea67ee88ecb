/**
 * Every call from Spillway's shuffle code into a Spark internal whose signature has changed between Spark
 * versions, one class per concern. Each class names the Spark version it was checked against and the
 * changes (JIRAs) it tracks; supporting another Spark version means changing these classes only.
 *
 * <p>Internal: not part of Spillway's API, may change in any release.
 */
package io.spillway.shuffle.compat;
