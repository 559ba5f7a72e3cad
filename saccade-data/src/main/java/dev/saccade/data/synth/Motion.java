package dev.saccade.data.synth;

import dev.saccade.data.robot.Pose;

/**
 * What a scripted demonstration does, frame by frame at 30 fps: joint angles, the gripper command
 * and the gripper as measured (it lags the command and stops on a held object), the manipulated
 * object's pose, and how far the e-stop button is pushed in.
 */
record Motion(double[][] joints, double[] gripperCommand, double[] gripperState, Pose[] objectPose,
              double[] buttonDepth, Outcome outcome, KeyFrames keyFrames) {
    int frames() {
        return joints.length;
    }
}
