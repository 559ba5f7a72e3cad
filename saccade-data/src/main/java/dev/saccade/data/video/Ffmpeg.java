package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Small shared plumbing for the FFmpeg bindings: silences FFmpeg's own logging (we report errors
 * ourselves, as one line naming the file) and turns FFmpeg error codes into messages.
 */
final class Ffmpeg {
    static {
        // FFmpeg writes warnings straight to stderr; the CLI promises one line per problem instead.
        av_log_set_level(System.getenv("SACCADE_FFMPEG_LOG") != null ? avutil.AV_LOG_INFO : AV_LOG_QUIET);
    }

    private Ffmpeg() {}

    /** Loads the native libraries once and applies the log level; cheap after the first call. */
    static void init() {
        // the static initialiser does the work
    }

    /** FFmpeg's text for an error code, e.g. "Invalid data found when processing input". */
    static String describe(int code) {
        byte[] buf = new byte[256];
        av_strerror(code, buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, StandardCharsets.UTF_8);
    }

    /** Returns {@code ret}, or throws {@link InputException} naming {@code file} if it is an error code. */
    static int checkInput(int ret, Path file, String what) {
        if (ret < 0) {
            throw new InputException(file, what + ": " + describe(ret));
        }
        return ret;
    }

    /** Returns {@code ret}, or throws {@link IOException} naming {@code file} if it is an error code. */
    static int checkOutput(int ret, Path file, String what) throws IOException {
        if (ret < 0) {
            throw new IOException(file + ": " + what + ": " + describe(ret));
        }
        return ret;
    }

    static AVRational rational(int num, int den) {
        return avutil.av_make_q(num, den);
    }

    static double toDouble(AVRational r) {
        return r.den() == 0 ? 0 : (double) r.num() / r.den();
    }
}
