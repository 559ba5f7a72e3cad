package dev.saccade.robot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.ur.JointLimits;
import dev.saccade.robot.ur.ServoScript;
import dev.saccade.robot.ur.UrDriverException;
import dev.saccade.robot.ur.UrRtdeDriver;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The driver's extra variables: read and written beside its own recipe, and a backend that sees them. */
@Timeout(30)
class DriverExtrasTest {
    /** A kinematic arm that echoes input_double_register_6 into output_double_register_0 and counts cycles in output_int_register_2. */
    private static final class EchoArm implements ControllerBackend {
        final KinematicArm arm = KinematicArm.ur5eHome();
        int cycles;

        @Override public JointLimits limits() { return arm.limits(); }
        @Override public void step(double dt, ArmCommand command) { arm.step(dt, command); }
        @Override public ArmState state() { return arm.state(); }
        @Override public void exchange(RegisterAccess r) {
            r.setOutputDouble(0, r.inputDouble(6));
            r.setOutputInt(2, ++cycles);
        }
    }

    private static final UrRtdeDriver.Extras EXTRAS = new UrRtdeDriver.Extras(
            List.of("output_double_register_0", "output_int_register_2"), List.of(RtdeType.DOUBLE, RtdeType.INT32),
            List.of("input_double_register_6"), List.of(RtdeType.DOUBLE));

    @Test
    void extraInputsGoOutWithTargetsAndExtraOutputsComeBackWithStates() throws Exception {
        UrRtdeDriver.Settings settings = UrRtdeDriver.Settings.defaults().withFrequency(125).withTimeouts(0.5, 3.0).withExtras(EXTRAS);
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true), new EchoArm());
             UrRtdeDriver driver = UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(), settings)) {
            driver.uploadProgram(ServoScript.DEFAULT, sim.scriptPort(), 5000);
            driver.setInput("input_double_register_6", 0.75);
            driver.servo(KinematicArm.HOME);
            boolean echoed = false;
            for (int i = 0; i < 500 && !echoed; i++) { // at most 500 states (4 s at 125 Hz)
                driver.awaitState(driver.stateCount(), 1000);
                echoed = driver.outputs().orElseThrow().getDouble("output_double_register_0") == 0.75;
            }
            assertTrue(echoed, "the backend saw the extra input and its output came back");
            assertTrue(driver.outputs().orElseThrow().getLong("output_int_register_2") > 0);
            assertThrows(IllegalArgumentException.class, () -> driver.setInput("input_double_register_7", 1));
            assertThrows(IllegalArgumentException.class, () -> driver.setInput("input_double_register_6", Double.NaN));
        }
    }

    @Test
    void anExtraTheControllerDoesNotKnowIsRefusedByName() throws Exception {
        UrRtdeDriver.Extras unknown = new UrRtdeDriver.Extras(List.of("no_such_variable"), List.of(RtdeType.DOUBLE), List.of(), List.of());
        try (SimulatedController sim = SimulatedController.start(SimulatedController.Settings.loopback(true), KinematicArm.ur5eHome())) {
            UrDriverException e = assertThrows(UrDriverException.class, () -> UrRtdeDriver.connect("127.0.0.1", sim.rtdePort(),
                    UrRtdeDriver.Settings.defaults().withExtras(unknown)));
            assertTrue(e.getMessage().contains("no_such_variable NOT_FOUND"), e.getMessage());
        }
    }

    @Test
    void anExtraMayNotRepeatTheDriversOwn() {
        assertThrows(IllegalArgumentException.class, () -> new UrRtdeDriver.Extras(List.of("actual_q"), List.of(RtdeType.VECTOR6D),
                List.of(), List.of()));
    }
}
