package dev.saccade.robot.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.rtde.Recipe;
import dev.saccade.robot.rtde.RtdeCommand;
import dev.saccade.robot.rtde.RtdeMessages;
import dev.saccade.robot.rtde.RtdeMessages.Accepted;
import dev.saccade.robot.rtde.RtdeMessages.DataPackage;
import dev.saccade.robot.rtde.RtdeMessages.SetupReply;
import dev.saccade.robot.rtde.RtdeMessages.TextMessage;
import dev.saccade.robot.rtde.RtdePackage;
import dev.saccade.robot.rtde.RtdeType;
import dev.saccade.robot.rtde.RtdeValues;
import dev.saccade.robot.ur.JointLimits;
import dev.saccade.robot.ur.ServoScript;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulated controller's side of the protocol, stepped by hand (no threads, no sockets). */
class ControllerProtocolTest {
    private static SimulatedController manual() throws Exception {
        return SimulatedController.start(SimulatedController.Settings.loopback(false), KinematicArm.ur5eHome());
    }

    private static List<RtdePackage> only(ClientHarness c, int command) {
        return c.drain().stream().filter(p -> p.command() == command).toList();
    }

    @Test
    void outputsArriveAtTheRequestedFrequencyOnTheSimulatorsClock() throws Exception {
        try (SimulatedController sim = manual()) {
            for (double hz : new double[] {500, 125, 300, 10}) {
                ClientHarness c = new ClientHarness(sim).negotiate();
                c.send(new RtdeMessages.SetupOutputsRequest(hz, List.of("timestamp", "actual_q")).toPackage());
                SetupReply reply = SetupReply.parse(only(c, 'O').get(0), 'O');
                assertTrue(reply.granted());
                c.send(RtdeMessages.emptyRequest('S'));
                assertTrue(Accepted.parse(only(c, 'S').get(0), 'S').accepted());
                sim.advance(500); // one second
                List<RtdePackage> data = only(c, 'U');
                assertEquals(hz, data.size(), 1, hz + " Hz");
                Recipe recipe = new Recipe(reply.recipeId(), List.of("timestamp", "actual_q"), reply.types());
                double first = recipe.decode(DataPackage.parse(data.get(0))).getDouble("timestamp");
                double last = recipe.decode(DataPackage.parse(data.get(data.size() - 1))).getDouble("timestamp");
                assertEquals(1.0 - 1.0 / hz, last - first, 0.0021, "packages span the second at " + hz + " Hz");
                c.close();
            }
        }
    }

    @Test
    void unknownVariablesAreNotFoundAndTheRecipeIsRefused() throws Exception {
        try (SimulatedController sim = manual()) {
            ClientHarness c = new ClientHarness(sim).negotiate();
            c.drain();
            c.send(new RtdeMessages.SetupOutputsRequest(125, List.of("actual_q", "no_such_thing", "output_int_register_48"))
                    .toPackage());
            List<RtdePackage> got = c.drain();
            SetupReply reply = SetupReply.parse(got.stream().filter(p -> p.command() == 'O').findFirst().orElseThrow(), 'O');
            assertEquals(List.of(RtdeType.VECTOR6D, RtdeType.NOT_FOUND, RtdeType.NOT_FOUND), reply.types());
            assertEquals(0, reply.recipeId());
            TextMessage m = TextMessage.parse(got.stream().filter(p -> p.command() == 'M').findFirst().orElseThrow());
            assertEquals(TextMessage.ERROR, m.level());
            assertTrue(m.message().contains("no_such_thing"), m.message());
            c.send(RtdeMessages.emptyRequest('S'));
            assertFalse(Accepted.parse(only(c, 'S').get(0), 'S').accepted(), "nothing to start");
        }
    }

    @Test
    void inputsOwnedByOneClientAreInUseForAnotherUntilItLeaves() throws Exception {
        try (SimulatedController sim = manual()) {
            ClientHarness a = new ClientHarness(sim).negotiate();
            ClientHarness b = new ClientHarness(sim).negotiate();
            a.send(new RtdeMessages.SetupInputsRequest(List.of("input_int_register_0", "input_double_register_3")).toPackage());
            assertTrue(SetupReply.parse(only(a, 'I').get(0), 'I').granted());
            b.send(new RtdeMessages.SetupInputsRequest(List.of("input_double_register_3", "input_double_register_4")).toPackage());
            SetupReply refused = SetupReply.parse(only(b, 'I').get(0), 'I');
            assertEquals(List.of(RtdeType.IN_USE, RtdeType.DOUBLE), refused.types());
            a.send(new RtdeMessages.SetupInputsRequest(List.of("input_double_register_3")).toPackage());
            assertTrue(SetupReply.parse(only(a, 'I').get(0), 'I').granted(), "the owner may use its input again");
            a.close();
            b.send(new RtdeMessages.SetupInputsRequest(List.of("input_double_register_3", "input_double_register_4")).toPackage());
            assertTrue(SetupReply.parse(only(b, 'I').get(0), 'I').granted());
        }
    }

    @Test
    void unknownCommandsRecipeIdsAndBadLengthsGetOneErrorEachAndChangeNothing() throws Exception {
        try (SimulatedController sim = manual()) {
            ClientHarness c = new ClientHarness(sim).negotiate();
            c.send(new RtdeMessages.SetupInputsRequest(List.of("input_int_register_5")).toPackage());
            int id = SetupReply.parse(only(c, 'I').get(0), 'I').recipeId();
            c.send(RtdeMessages.emptyRequest('S'));
            c.drain();
            c.send(new RtdePackage('Z', new byte[] {1, 2}));
            c.send(new DataPackage(id + 1, new byte[] {0, 0, 0, 9}).toPackage());
            c.send(new DataPackage(id, new byte[] {0, 0, 9}).toPackage());
            c.send(new RtdePackage('S', new byte[] {1}));
            List<RtdePackage> got = c.drain();
            assertEquals(4, got.size());
            for (RtdePackage p : got) {
                assertEquals(RtdeCommand.TEXT_MESSAGE, p.command());
                assertEquals(TextMessage.ERROR, TextMessage.parse(p).level());
            }
            assertEquals(0, sim.registers.inputInt[5]);
            c.send(new DataPackage(id, new byte[] {0, 0, 0, 9}).toPackage());
            assertEquals(9, sim.registers.inputInt[5]);
            assertTrue(c.drain().isEmpty(), "a good package gets no answer");
        }
    }

    @Test
    void theProgramHaltsTheArmWhenItsCommandWordGoesStale() throws Exception {
        try (SimulatedController sim = manual()) {
            sim.startProgram(ServoScript.DEFAULT);
            ClientHarness c = new ClientHarness(sim).negotiate();
            Recipe in = inputRecipe(c);
            c.send(RtdeMessages.emptyRequest('S'));
            double[] q = KinematicArm.HOME.clone();
            int word = 0;
            for (int i = 0; i < 150; i++) { // 0.3 s of a target running away at the speed limit
                q[0] += Math.PI * SimulatedController.PERIOD;
                c.send(in.encode(targets(in, q, ++word)).toPackage());
                sim.advance(1);
            }
            assertTrue(sim.armState().maxSpeed() > 2.5, "moving fast: " + sim.armState().maxSpeed());
            double stalled = sim.time();
            while (!sim.armState().atRest() && sim.time() - stalled < 2) {
                sim.advance(1);
            }
            double stop = sim.time() - stalled;
            assertTrue(sim.armState().atRest());
            assertTrue(stop <= ServoScript.DEFAULT.staleSeconds() + Math.PI / 20 + 0.01, "stopped after " + stop + " s");
            assertEquals(ServoScript.STATUS_STALE, sim.registers.outputInt[1]);
        }
    }

    @Test
    void aTargetOutsideTheLimitsIsAProtectiveStopAndStopsTheProgram() throws Exception {
        try (SimulatedController sim = manual()) {
            sim.startProgram(ServoScript.DEFAULT);
            ClientHarness c = new ClientHarness(sim).negotiate();
            Recipe in = inputRecipe(c);
            c.send(RtdeMessages.emptyRequest('S'));
            c.drain();
            double[] q = KinematicArm.HOME.clone();
            q[2] = 4; // the elbow's range is ±π
            c.send(in.encode(targets(in, q, 1)).toPackage());
            sim.advance(1);
            assertFalse(sim.programRunning());
            assertEquals(SimulatedController.SAFETY_PROTECTIVE_STOP, sim.safetyMode());
            TextMessage m = TextMessage.parse(only(c, 'M').get(0));
            assertTrue(m.message().contains("joint 2"), m.message());
            sim.advance(100);
            assertTrue(JointLimits.UR5E.contains(sim.armState().q()));
            assertTrue(sim.armState().atRest());
        }
    }

    static Recipe inputRecipe(ClientHarness c) {
        List<String> names = List.of("input_double_register_0", "input_double_register_1", "input_double_register_2",
                "input_double_register_3", "input_double_register_4", "input_double_register_5", "input_int_register_0");
        c.drain();
        c.send(new RtdeMessages.SetupInputsRequest(names).toPackage());
        SetupReply r = SetupReply.parse(only(c, 'I').get(0), 'I');
        return new Recipe(r.recipeId(), names, r.types());
    }

    static RtdeValues targets(Recipe in, double[] q, int word) {
        RtdeValues v = in.newValues();
        for (int j = 0; j < 6; j++) {
            v.setDouble("input_double_register_" + j, q[j]);
        }
        return v.setLong("input_int_register_0", word);
    }
}
