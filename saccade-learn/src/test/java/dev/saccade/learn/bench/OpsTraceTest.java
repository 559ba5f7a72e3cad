package dev.saccade.learn.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class OpsTraceTest {
    @Test
    void selfTimeLeavesOutNestedOpsAndAddsUpByKindAndShape() throws IOException {
        // Thread 1: linear [0, 100) µs holding t [0, 10) and addmm [10, 90) (itself holding copy_ [20, 30));
        // then mul [100, 150). Thread 2 (the backward) overlaps in time but nests separately: mul [5, 45).
        String trace = """
                [
                 {"name": "aten::linear", "ph": "X", "ts": 0, "dur": 100, "tid": 1, "pid": "CPU", "shape": [[4, 8]]},
                 {"name": "aten::t", "ph": "X", "ts": 0, "dur": 10, "tid": 1, "pid": "CPU", "shape": [[8, 8]]},
                 {"name": "aten::addmm", "ph": "X", "ts": 10, "dur": 80, "tid": 1, "pid": "CPU", "shape": [[8], [4, 8], [8, 8]]},
                 {"name": "aten::copy_", "ph": "X", "ts": 20, "dur": 10, "tid": 1, "pid": "CPU", "shape": [[4, 8], [4, 8]]},
                 {"name": "aten::mul", "ph": "X", "ts": 100, "dur": 50, "tid": 1, "pid": "CPU", "shape": [[4, 8], [4, 8]]},
                 {"name": "aten::mul", "ph": "X", "ts": 5, "dur": 40, "tid": 2, "pid": "CPU", "shape": [[4, 8], [4, 8]]},
                 {"name": "ProfilerStep", "ph": "i", "ts": 0, "tid": 1, "pid": "CPU"}
                ]
                """;
        OpsTrace.Summary s = OpsTrace.summarise(new ObjectMapper().readTree(trace));
        assertEquals(0.070, s.byKind().get(OpsTrace.Kind.MATRIX_PRODUCTS), 1e-12); // 80 − 10 µs
        assertEquals(0.090, s.byKind().get(OpsTrace.Kind.ELEMENTWISE), 1e-12); // 50 + 40
        assertEquals(0.010, s.byKind().get(OpsTrace.Kind.COPIES), 1e-12);
        assertEquals(0.020, s.byKind().get(OpsTrace.Kind.OTHER), 1e-12); // linear's own 10 µs and t's 10
        assertEquals(0.0, s.byKind().get(OpsTrace.Kind.REDUCTIONS));
        assertEquals(0.190, s.totalMillis(), 1e-12); // the two threads' top-level spans, 150 + 40 µs
        OpsTrace.Entry top = s.entries().get(0);
        assertEquals("aten::mul", top.op());
        assertEquals("[[4,8],[4,8]]", top.shapes());
        assertEquals(2, top.calls());
        assertEquals(0.090, top.millis(), 1e-12);
    }

    @Test
    void opsFallIntoTheirKinds() {
        assertEquals(OpsTrace.Kind.MATRIX_PRODUCTS, OpsTrace.kind("aten::bmm"));
        assertEquals(OpsTrace.Kind.NORMS_ACTIVATIONS, OpsTrace.kind("aten::native_layer_norm_backward"));
        assertEquals(OpsTrace.Kind.NORMS_ACTIVATIONS, OpsTrace.kind("aten::_softmax_backward_data"));
        assertEquals(OpsTrace.Kind.REDUCTIONS, OpsTrace.kind("aten::linalg_vector_norm"));
        assertEquals(OpsTrace.Kind.COPIES, OpsTrace.kind("aten::slice_backward"));
        assertEquals(OpsTrace.Kind.ELEMENTWISE, OpsTrace.kind("aten::add_"));
        assertEquals(OpsTrace.Kind.OTHER, OpsTrace.kind("aten::reshape"));
    }
}
