/**
 * Closing the loop: a trained policy drives a robot and an eye, and is scored by whether the task
 * gets done (docs/RUNTIME.md).
 *
 * <p>By concern: the contracts a robot and an eye implement ({@code robot}, {@code eye}); the loop
 * that runs a policy against them with chunk aggregation, safety checks and a watchdog
 * ({@code loop}); the closed-loop synthetic world that implements both ({@code sim}); the agents
 * (a trained policy, baseline eyes over its hand, the scripted expert: {@code agent}); recording runs
 * as datasets ({@code record}); and closed-loop evaluation ({@code eval}).
 */
package dev.saccade.runtime;
