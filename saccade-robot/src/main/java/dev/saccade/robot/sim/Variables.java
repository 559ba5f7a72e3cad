package dev.saccade.robot.sim;

import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.rtde.RtdeValues;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RTDE variables the simulated controller knows, with the types UR's guide gives them: what a
 * client may read (outputs) and write (inputs). Any other name is NOT_FOUND.
 */
final class Variables {
    private static final Pattern REGISTER = Pattern.compile("(input|output)_(int|double|bit)_register_(\\d{1,3})");

    private Variables() {}

    /** The type of output variable {@code name}, if the simulator serves it. */
    static Optional<RtdeType> outputType(String name) {
        RtdeType t = switch (name) {
            case "timestamp", "speed_scaling", "target_speed_fraction", "actual_execution_time" -> RtdeType.DOUBLE;
            case "actual_q", "actual_qd", "target_q", "target_qd", "actual_TCP_pose", "target_TCP_pose" -> RtdeType.VECTOR6D;
            // Not simulated, served as constants so that recording clients (UR's record.py) run unchanged.
            case "target_qdd", "target_current", "target_moment", "actual_current", "joint_control_output",
                    "actual_TCP_speed", "actual_TCP_force", "target_TCP_speed", "actual_joint_voltage",
                    "joint_temperatures" -> RtdeType.VECTOR6D;
            case "actual_momentum", "actual_main_voltage", "actual_robot_voltage", "actual_robot_current",
                    "joint_position_deviation_ratio" -> RtdeType.DOUBLE;
            case "safety_status" -> RtdeType.INT32;
            case "elbow_position", "actual_tool_accelerometer" -> RtdeType.VECTOR3D;
            case "robot_mode", "safety_mode" -> RtdeType.INT32;
            case "runtime_state", "robot_status_bits", "safety_status_bits", "output_bit_registers0_to_31",
                    "output_bit_registers32_to_63" -> RtdeType.UINT32;
            case "joint_mode" -> RtdeType.VECTOR6INT32;
            case "actual_digital_input_bits", "actual_digital_output_bits" -> RtdeType.UINT64;
            case "tool_output_mode" -> RtdeType.UINT8;
            default -> null;
        };
        return t != null ? Optional.of(t) : register(name, true);
    }

    /** The type of input variable {@code name}, if a client may write it. */
    static Optional<RtdeType> inputType(String name) {
        RtdeType t = switch (name) {
            case "speed_slider_fraction" -> RtdeType.DOUBLE;
            case "speed_slider_mask" -> RtdeType.UINT32;
            case "standard_digital_output_mask", "standard_digital_output" -> RtdeType.UINT8;
            default -> null;
        };
        if (t != null) {
            return Optional.of(t);
        }
        return name.startsWith("input_") ? register(name, false) : Optional.empty();
    }

    /** Register names: {input,output}_{int,double}_register_0..47 and {input,output}_bit_register_64..127. */
    private static Optional<RtdeType> register(String name, boolean asOutput) {
        Matcher m = REGISTER.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        int i = Integer.parseInt(m.group(3));
        String kind = m.group(2);
        if (kind.equals("bit")) {
            return i >= Registers.FIRST_BIT && i < Registers.FIRST_BIT + Registers.BITS
                    ? Optional.of(RtdeType.BOOL) : Optional.empty();
        }
        if (i >= Registers.COUNT) {
            return Optional.empty();
        }
        return Optional.of(kind.equals("int") ? RtdeType.INT32 : RtdeType.DOUBLE);
    }

    /** Writes input {@code name} from {@code v} into the registers. */
    static void apply(String name, RtdeValues v, Registers r) {
        switch (name) {
            case "speed_slider_fraction" -> r.speedSliderFraction = v.getDouble(name);
            case "speed_slider_mask" -> r.speedSliderMask = v.getLong(name);
            case "standard_digital_output_mask" -> r.standardDigitalOutputMask = (int) v.getLong(name);
            case "standard_digital_output" -> r.standardDigitalOutput = (int) v.getLong(name);
            default -> {
                Matcher m = REGISTER.matcher(name);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not an input: " + name);
                }
                int i = Integer.parseInt(m.group(3));
                switch (m.group(2)) {
                    case "int" -> r.inputInt[i] = (int) v.getLong(name);
                    case "double" -> r.inputDouble[i] = v.getDouble(name);
                    default -> r.inputBit[i - Registers.FIRST_BIT] = v.getLong(name) != 0;
                }
            }
        }
    }

    /** Fills output {@code name} of {@code v} from the controller's present state. */
    static void read(String name, RtdeValues v, SimulatedController.Snapshot s) {
        switch (name) {
            case "timestamp" -> v.setDouble(name, s.time());
            case "speed_scaling", "target_speed_fraction" -> v.setDouble(name, 1.0);
            case "actual_execution_time" -> v.setDouble(name, 0.1);
            case "actual_q" -> v.setVector(name, s.arm().q());
            case "actual_qd" -> v.setVector(name, s.arm().qd());
            case "target_q" -> v.setVector(name, s.arm().target());
            case "target_qd" -> v.setVector(name, new double[6]);
            case "actual_TCP_pose", "target_TCP_pose" -> v.setVector(name, s.tcpPose());
            case "elbow_position" -> v.setVector(name, s.elbowPosition());
            case "actual_tool_accelerometer" -> v.setVector(name, new double[] {0, 0, 9.81});
            case "target_qdd", "target_current", "target_moment", "actual_current", "joint_control_output",
                    "actual_TCP_speed", "actual_TCP_force", "target_TCP_speed" -> v.setVector(name, new double[6]);
            case "actual_joint_voltage" -> v.setVector(name, new double[] {48, 48, 48, 48, 48, 48});
            case "joint_temperatures" -> v.setVector(name, new double[] {30, 30, 30, 30, 30, 30});
            case "actual_main_voltage", "actual_robot_voltage" -> v.setDouble(name, 48.0);
            case "actual_momentum", "actual_robot_current", "joint_position_deviation_ratio" -> v.setDouble(name, 0.0);
            case "safety_status" -> v.setLong(name, s.safetyMode());
            case "robot_mode" -> v.setLong(name, s.robotMode());
            case "safety_mode" -> v.setLong(name, s.safetyMode());
            case "runtime_state" -> v.setLong(name, s.runtimeState());
            case "robot_status_bits" -> v.setLong(name, 0b1011 | (s.runtimeState() == 2 ? 0b100 : 0));
            case "safety_status_bits" -> v.setLong(name, s.safetyMode() == 1 ? 1 : 1 << (s.safetyMode() - 1));
            case "output_bit_registers0_to_31", "output_bit_registers32_to_63", "actual_digital_input_bits",
                    "actual_digital_output_bits", "tool_output_mode" -> v.setLong(name, 0);
            case "joint_mode" -> v.setLongVector(name, new long[] {253, 253, 253, 253, 253, 253});
            default -> {
                Matcher m = REGISTER.matcher(name);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not an output: " + name);
                }
                int i = Integer.parseInt(m.group(3));
                Registers r = s.registers();
                boolean input = m.group(1).equals("input");
                switch (m.group(2)) {
                    case "int" -> v.setLong(name, input ? r.inputInt[i] : r.outputInt[i]);
                    case "double" -> v.setDouble(name, input ? r.inputDouble[i] : r.outputDouble[i]);
                    default -> v.setLong(name, (input ? r.inputBit : r.outputBit)[i - Registers.FIRST_BIT] ? 1 : 0);
                }
            }
        }
    }
}
