/**
 * A simulated UR controller that speaks RTDE and runs the servo program
 * ({@link dev.saccade.robot.sim.SimulatedController}), stepping a pluggable
 * {@link dev.saccade.robot.sim.ControllerBackend}; the built-in one is a kinematic UR5e
 * ({@link dev.saccade.robot.sim.KinematicArm}).
 */
package dev.saccade.robot.sim;
