package dev.saccade.data.video;

import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import dev.saccade.core.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Small shared plumbing for the FFmpeg bindings: silences FFmpeg's own logging (we report errors
 * ourselves, as one line naming the file) and turns FFmpeg error codes into messages.
 */
final class Ffmpeg {
    /** JavaCPP unpacks the native libraries here unless told otherwise: one stable place shared by every run. */
    static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";

    static {
        if (System.getProperty(CACHE_PROPERTY) == null) {
            String xdg = System.getenv("XDG_CACHE_HOME");
            java.nio.file.Path base = xdg != null && !xdg.isBlank() ? java.nio.file.Path.of(xdg)
                    : java.nio.file.Path.of(System.getProperty("user.home"), ".cache");
            System.setProperty(CACHE_PROPERTY, base.resolve("saccade").resolve("javacpp").toString());
        }
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

    /**
     * Opens {@code file} for an MP4 container whose streams are set up, and writes its header; the
     * index goes to the front ("faststart") so readers open the file without seeking to its end.
     */
    static void startMp4(AVFormatContext format, Path file) throws IOException {
        if ((format.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext io = new AVIOContext(null);
            checkOutput(avio_open(io, file.toString(), AVIO_FLAG_WRITE), file, "cannot open for writing");
            format.pb(io);
        }
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "movflags", "+faststart", 0);
        try {
            checkOutput(avformat_write_header(format, options), file, "cannot write the MP4 header");
        } finally {
            av_dict_free(options);
        }
    }

    static AVRational rational(int num, int den) {
        return avutil.av_make_q(num, den);
    }

    static double toDouble(AVRational r) {
        return r.den() == 0 ? 0 : (double) r.num() / r.den();
    }
}
