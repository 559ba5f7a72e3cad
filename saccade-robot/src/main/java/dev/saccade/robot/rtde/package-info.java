/**
 * The UR RTDE wire format, protocol version 2: package framing ({@link dev.saccade.robot.rtde.RtdePackage}),
 * one record per message ({@link dev.saccade.robot.rtde.RtdeMessages}), variable types and recipes. No
 * sockets and no policy here: the driver ({@code ur}) and the simulated controller ({@code sim}) both build on it.
 */
package dev.saccade.robot.rtde;
