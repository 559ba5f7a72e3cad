/**
 * The UR side: {@link dev.saccade.robot.ur.UrRtdeDriver} (RTDE client with its own safety filter and
 * watchdog), the URScript servo program it runs on the controller ({@link dev.saccade.robot.ur.ServoScript}),
 * how the program is sent ({@link dev.saccade.robot.ur.UrScriptSender}) and the UR5e's joint limits.
 */
package dev.saccade.robot.ur;
