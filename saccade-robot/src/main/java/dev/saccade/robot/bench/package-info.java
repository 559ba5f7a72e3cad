/** Benchmarks of robot I/O, run as plain main classes; results go in BENCHMARKS.md. */
package dev.saccade.robot.bench;
