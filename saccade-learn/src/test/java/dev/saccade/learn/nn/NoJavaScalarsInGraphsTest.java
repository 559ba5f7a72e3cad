package dev.saccade.learn.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * saccade-learn (the only module that differentiates) calls none of DJL's scalar overloads whose
 * constant a graph keeps for its backward pass ({@link Scalar} says why). Read from the compiled
 * classes with javap, so a call through any expression or type is caught.
 */
class NoJavaScalarsInGraphsTest {
    /** DJL's overloads that wrap a Number in a Java-memory tensor a graph keeps: on an array, or NDArrays' static forms. */
    private static final Pattern UNSAFE = Pattern.compile(
            "ai/djl/ndarray/NDArray\\.(mul|div|maximum|minimum|pow|mod|rdiv|rpow|rmod):\\(Ljava/lang/Number;\\)"
            + "|ai/djl/ndarray/NDArrays\\.(mul|div|maximum|minimum|pow|mod):\\([^)]*Ljava/lang/Number;");
    private static final Pattern CLASS = Pattern.compile("^(?:public |final |abstract |private |protected |static |sealed |non-sealed )*"
            + "(?:class|interface|enum|record) ([\\w.$]+)");

    @Test
    void noCompiledClassCallsAnUnsafeScalarOverload() throws Exception {
        Path classes = Path.of(Scalar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> files;
        try (Stream<Path> walk = Files.walk(classes)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).map(Path::toString).sorted().toList();
        }
        assertTrue(files.size() > 50, "saccade-learn's classes under " + classes + ": " + files.size());
        List<String> offenders = new ArrayList<>();
        String current = "?";
        for (String line : javap(files).split("\n")) {
            Matcher c = CLASS.matcher(line);
            if (c.find()) {
                current = c.group(1);
            }
            Matcher m = UNSAFE.matcher(line);
            if (m.find()) {
                offenders.add(current + " calls " + m.group());
            }
        }
        assertEquals(List.of(), offenders, "use dev.saccade.learn.nn.Scalar instead");
    }

    @Test
    void theScanSeesAnUnsafeCallWhereThereIsOne() throws Exception {
        // This test class's own helper below calls mul(Number): the pattern must find it.
        Path self = Path.of(NoJavaScalarsInGraphsTest.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(NoJavaScalarsInGraphsTest.class.getName().replace('.', '/') + ".class");
        assertTrue(UNSAFE.matcher(javap(List.of(self.toString()))).find(), "javap output of " + self);
    }

    @SuppressWarnings("unused")
    private static ai.djl.ndarray.NDArray unsafeExample(ai.djl.ndarray.NDArray x) {
        return x.mul(2f);
    }

    private static String javap(List<String> files) throws IOException {
        ToolProvider tool = ToolProvider.findFirst("javap").orElseThrow(() -> new IllegalStateException("this JDK has no javap"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-c", "-p"));
        args.addAll(files);
        int code;
        try (PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8); PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8)) {
            code = tool.run(o, e, args.toArray(String[]::new));
        }
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }
}
