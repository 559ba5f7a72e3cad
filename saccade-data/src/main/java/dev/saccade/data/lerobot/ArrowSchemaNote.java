package dev.saccade.data.lerobot;

import dev.saccade.data.Features;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The {@code ARROW:schema} note of a data file: the Arrow schema LeRobot's files carry (pyarrow
 * writes it), serialized as an Arrow IPC message and base64-encoded. Parquet itself has no
 * fixed-size list; with this note pyarrow reads each vector feature back as
 * {@code fixed_size_list<item: float>[n]} and the index columns as int64, exactly LeRobot's types.
 */
final class ArrowSchemaNote {
    private ArrowSchemaNote() {}

    /** The note for a data file with {@code spec}'s columns, carrying {@code huggingface} in its metadata as pyarrow does. */
    static String forDataFile(DatasetSpec spec, String huggingface) {
        List<Field> fields = new ArrayList<>();
        ArrowType float32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
        ArrowType int64 = new ArrowType.Int(64, true);
        for (VectorFeature v : spec.vectors()) {
            Field item = new Field("item", FieldType.nullable(float32), null);
            fields.add(new Field(v.key(), FieldType.nullable(new ArrowType.FixedSizeList(v.size())), List.of(item)));
        }
        fields.add(new Field(Features.TIMESTAMP, FieldType.nullable(float32), null));
        for (String key : DatasetInfo.INDEX_FEATURES.subList(1, DatasetInfo.INDEX_FEATURES.size())) {
            fields.add(new Field(key, FieldType.nullable(int64), null));
        }
        Schema schema = new Schema(fields, Map.of("huggingface", huggingface));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
