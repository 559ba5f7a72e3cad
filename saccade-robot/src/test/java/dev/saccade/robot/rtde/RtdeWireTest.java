package dev.saccade.robot.rtde;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.saccade.robot.rtde.RtdeMessages.Accepted;
import dev.saccade.robot.rtde.RtdeMessages.ControllerVersion;
import dev.saccade.robot.rtde.RtdeMessages.DataPackage;
import dev.saccade.robot.rtde.RtdeMessages.ProtocolVersionRequest;
import dev.saccade.robot.rtde.RtdeMessages.SetupInputsRequest;
import dev.saccade.robot.rtde.RtdeMessages.SetupOutputsRequest;
import dev.saccade.robot.rtde.RtdeMessages.SetupReply;
import dev.saccade.robot.rtde.RtdeMessages.TextMessage;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The wire format against byte vectors written by hand from UR's RTDE guide (header: uint16 size
 * including the header, uint8 type; big-endian payloads), in both directions: our encoder must
 * produce exactly these bytes and our decoder must read them back.
 */
class RtdeWireTest {
    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static String ascii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(String.format("%02x", (int) c));
        }
        return b.toString();
    }

    private static RtdePackage read(byte[] bytes) throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(bytes);
        RtdePackage p = RtdePackage.read(in);
        assertEquals(-1, in.read(), "the package must use every byte");
        return p;
    }

    @Test
    void protocolVersionRequestAndReply() throws IOException {
        byte[] request = hex("0005 56 0002"); // size 5, 'V', uint16 2
        assertArrayEquals(request, new ProtocolVersionRequest(2).toPackage().encode());
        assertEquals(2, ProtocolVersionRequest.parse(read(request)).version());

        byte[] reply = hex("0004 56 01"); // size 4, 'V', accepted
        assertArrayEquals(reply, new Accepted('V', true).toPackage().encode());
        assertTrue(Accepted.parse(read(reply), 'V').accepted());
        assertFalse(Accepted.parse(read(hex("0004 56 00")), 'V').accepted());
    }

    @Test
    void controllerVersionRequestAndReply() throws IOException {
        byte[] request = hex("0003 76"); // size 3, 'v', no payload
        assertArrayEquals(request, RtdeMessages.emptyRequest('v').encode());
        // size 19, 'v', uint32 major 5, minor 21, bugfix 3, build 4294967295 (unsigned)
        byte[] reply = hex("0013 76 00000005 00000015 00000003 ffffffff");
        ControllerVersion v = new ControllerVersion(5, 21, 3, 4294967295L);
        assertArrayEquals(reply, v.toPackage().encode());
        assertEquals(v, ControllerVersion.parse(read(reply)));
    }

    @Test
    void textMessageBothDirections() throws IOException {
        // size 10, 'M', uint8 2 "hi", uint8 2 "ab", uint8 level 3 (INFO)
        byte[] bytes = hex("000a 4d 02 6869 02 6162 03");
        TextMessage m = new TextMessage("hi", "ab", TextMessage.INFO);
        assertArrayEquals(bytes, m.toPackage().encode());
        assertEquals(m, TextMessage.parse(read(bytes)));
        assertEquals("INFO from ab: hi", m.describe());
    }

    @Test
    void setupOutputsRequestAndReply() throws IOException {
        // size 29, 'O', float64 125.0 = 0x405f400000000000, "timestamp,actual_q"
        byte[] request = hex("001d 4f 405f400000000000" + ascii("timestamp,actual_q"));
        SetupOutputsRequest r = new SetupOutputsRequest(125.0, List.of("timestamp", "actual_q"));
        assertArrayEquals(request, r.toPackage().encode());
        assertEquals(r, SetupOutputsRequest.parse(read(request)));

        // size 19, 'O', recipe id 1, "DOUBLE,VECTOR6D"
        byte[] reply = hex("0013 4f 01" + ascii("DOUBLE,VECTOR6D"));
        SetupReply s = new SetupReply('O', 1, List.of(RtdeType.DOUBLE, RtdeType.VECTOR6D));
        assertArrayEquals(reply, s.toPackage().encode());
        assertEquals(s, SetupReply.parse(read(reply), 'O'));
        assertTrue(s.granted());

        byte[] notFound = hex("0014 4f 00" + ascii("DOUBLE,NOT_FOUND"));
        SetupReply refused = SetupReply.parse(read(notFound), 'O');
        assertEquals(List.of(RtdeType.DOUBLE, RtdeType.NOT_FOUND), refused.types());
        assertFalse(refused.granted());
    }

    @Test
    void setupInputsRequestAndReply() throws IOException {
        // size 23, 'I', "input_int_register_0"
        byte[] request = hex("0017 49" + ascii("input_int_register_0"));
        SetupInputsRequest r = new SetupInputsRequest(List.of("input_int_register_0"));
        assertArrayEquals(request, r.toPackage().encode());
        assertEquals(r, SetupInputsRequest.parse(read(request)));

        byte[] reply = hex("0009 49 02" + ascii("INT32")); // size 9, 'I', recipe 2, "INT32"
        assertArrayEquals(reply, new SetupReply('I', 2, List.of(RtdeType.INT32)).toPackage().encode());
        SetupReply inUse = SetupReply.parse(read(hex("000a 49 00" + ascii("IN_USE"))), 'I');
        assertEquals(List.of(RtdeType.IN_USE), inUse.types());
        assertFalse(inUse.granted());
    }

    @Test
    void startAndPause() throws IOException {
        assertArrayEquals(hex("0003 53"), RtdeMessages.emptyRequest('S').encode());
        assertArrayEquals(hex("0003 50"), RtdeMessages.emptyRequest('P').encode());
        assertTrue(Accepted.parse(read(hex("0004 53 01")), 'S').accepted());
        assertTrue(Accepted.parse(read(hex("0004 50 01")), 'P').accepted());
        assertArrayEquals(hex("0004 50 01"), new Accepted('P', true).toPackage().encode());
    }

    /** Every type once, in one recipe; the bytes are the guide's big-endian layouts. */
    @Test
    void dataPackageWithEveryType() throws IOException {
        Recipe recipe = new Recipe(7, List.of("b", "u8", "u32", "u64", "i32", "d", "v3", "v6", "v6i", "v6u"),
                List.of(RtdeType.BOOL, RtdeType.UINT8, RtdeType.UINT32, RtdeType.UINT64, RtdeType.INT32,
                        RtdeType.DOUBLE, RtdeType.VECTOR3D, RtdeType.VECTOR6D, RtdeType.VECTOR6INT32, RtdeType.VECTOR6UINT32));
        String values = "01"                                   // BOOL true
                + "c8"                                           // UINT8 200
                + "ee6b2800"                                     // UINT32 4000000000
                + "0102030405060708"                             // UINT64 0x0102030405060708
                + "fffffffe"                                     // INT32 -2
                + "3ff8000000000000"                             // DOUBLE 1.5
                + "3ff0000000000000 4000000000000000 4008000000000000"  // VECTOR3D 1, 2, 3
                + "bff0000000000000 3fe0000000000000 3fd0000000000000 4010000000000000 0000000000000000 8000000000000000"
                // VECTOR6D -1, 0.5, 0.25, 4, 0, -0
                + "00000001 ffffffff 00000002 fffffffe 00000003 fffffffd"  // VECTOR6INT32 1, -1, 2, -2, 3, -3
                + "00000000 00000001 00000002 00000003 00000004 ffffffff"; // VECTOR6UINT32 0..4, 4294967295
        int size = 3 + 1 + recipe.valueBytes();
        assertEquals(1 + 1 + 4 + 8 + 4 + 8 + 24 + 48 + 24 + 24, recipe.valueBytes());
        byte[] bytes = hex(String.format("%04x", size) + "55 07" + values);

        RtdeValues v = recipe.newValues()
                .setLong("b", 1).setLong("u8", 200).setLong("u32", 4000000000L).setLong("u64", 0x0102030405060708L)
                .setLong("i32", -2).setDouble("d", 1.5).setVector("v3", new double[] {1, 2, 3})
                .setVector("v6", new double[] {-1, 0.5, 0.25, 4, 0, -0.0})
                .setLongVector("v6i", new long[] {1, -1, 2, -2, 3, -3})
                .setLongVector("v6u", new long[] {0, 1, 2, 3, 4, 4294967295L});
        assertArrayEquals(bytes, recipe.encode(v).toPackage().encode());

        RtdeValues back = recipe.decode(DataPackage.parse(read(bytes)));
        assertEquals(1, back.getLong("b"));
        assertEquals(200, back.getLong("u8"));
        assertEquals(4000000000L, back.getLong("u32"));
        assertEquals(0x0102030405060708L, back.getLong("u64"));
        assertEquals(-2, back.getLong("i32"));
        assertEquals(1.5, back.getDouble("d"));
        assertArrayEquals(new double[] {1, 2, 3}, back.getVector("v3"));
        assertArrayEquals(new double[] {-1, 0.5, 0.25, 4, 0, -0.0}, back.getVector("v6"));
        assertArrayEquals(new long[] {1, -1, 2, -2, 3, -3}, back.getLongVector("v6i"));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 4294967295L}, back.getLongVector("v6u"));
    }

    @Test
    void inputDataPackageAsTheDriverSendsIt() throws IOException {
        Recipe recipe = new Recipe(1, List.of("input_double_register_0", "input_int_register_0"),
                List.of(RtdeType.DOUBLE, RtdeType.INT32));
        // size 16, 'U', recipe 1, float64 -0.5, int32 42
        byte[] bytes = hex("0010 55 01 bfe0000000000000 0000002a");
        RtdeValues v = recipe.newValues().setDouble("input_double_register_0", -0.5).setLong("input_int_register_0", 42);
        assertArrayEquals(bytes, recipe.encode(v).toPackage().encode());
        assertEquals(42, recipe.decode(DataPackage.parse(read(bytes))).getLong("input_int_register_0"));
    }

    @Test
    void framingReadsBackToBackPackagesAndRejectsBrokenOnes() throws IOException {
        ByteArrayInputStream two = new ByteArrayInputStream(hex("0004 56 01 0003 53"));
        assertEquals(new RtdePackage('V', new byte[] {1}), RtdePackage.read(two));
        assertEquals(new RtdePackage('S', new byte[0]), RtdePackage.read(two));
        assertNull(RtdePackage.read(two), "a clean end of stream");

        assertThrows(RtdeProtocolException.class, () -> RtdePackage.read(new ByteArrayInputStream(hex("0002 56"))));
        assertThrows(EOFException.class, () -> RtdePackage.read(new ByteArrayInputStream(hex("0010 55 01 02"))));
        assertThrows(EOFException.class, () -> RtdePackage.read(new ByteArrayInputStream(hex("00"))));
    }

    @Test
    void decodersRejectWrongLengthsAndTypes() throws IOException {
        assertThrows(RtdeProtocolException.class, () -> ProtocolVersionRequest.parse(read(hex("0006 56 000200"))));
        assertThrows(RtdeProtocolException.class, () -> ControllerVersion.parse(read(hex("0007 76 00000005"))));
        assertThrows(RtdeProtocolException.class, () -> TextMessage.parse(read(hex("0007 4d 05 6869 03"))));
        assertThrows(RtdeProtocolException.class, () -> TextMessage.parse(read(hex("000b 4d 02 6869 02 6162 03 00"))));
        assertThrows(RtdeProtocolException.class, () -> SetupReply.parse(read(hex("0009 49 02" + ascii("INT33"))), 'I'));
        assertThrows(RtdeProtocolException.class, () -> SetupInputsRequest.parse(read(hex("0005 49 2c2c"))));
        assertThrows(RtdeProtocolException.class, () -> Accepted.parse(read(hex("0004 53 01")), 'P'));
        Recipe one = new Recipe(1, List.of("x"), List.of(RtdeType.DOUBLE));
        assertThrows(RtdeProtocolException.class, () -> one.decode(DataPackage.parse(read(hex("0008 55 01 3ff00000")))));
        assertThrows(RtdeProtocolException.class,
                () -> one.decode(DataPackage.parse(read(hex("000c 55 02 3ff0000000000000")))));
    }
}
