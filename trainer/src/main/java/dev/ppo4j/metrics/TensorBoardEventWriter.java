package dev.ppo4j.metrics;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Writes scalar summaries to a TensorBoard event file ({@code events.out.tfevents.<time>.<host>}),
 * without TensorFlow: each record is a serialised {@code tensorflow.Event} protocol buffer in
 * TFRecord framing (little-endian 64-bit length, masked CRC32C of the length, the data, masked
 * CRC32C of the data). The first event carries the file version {@code brain.Event:2}.
 *
 * <p>The file is created with the first scalars, so a writer that logs nothing (a resumed run that
 * had already finished) leaves no empty file. As TensorFlow's writers do, every file then starts a
 * session with a {@code SessionLog.START} event: at step 0 for a new run, and for a resumed run at
 * the first step it redoes. TensorBoard's readers take a later session start as a restart and drop
 * the points from its step on, which the interrupted run logged after its last checkpoint.
 *
 * <p>Records are flushed after every call, so a run that is killed keeps everything logged so far
 * and TensorBoard shows a run while it trains. Not thread-safe.
 */
public final class TensorBoardEventWriter implements AutoCloseable {
    /** File-name prefix TensorBoard looks for in a log directory. */
    public static final String FILE_PREFIX = "events.out.tfevents.";

    private static final String FILE_VERSION = "brain.Event:2";
    private static final int CRC_MASK_DELTA = 0xa282ead8;

    // Field numbers of tensorflow.Event, tensorflow.Summary, tensorflow.Summary.Value and tensorflow.SessionLog.
    private static final int EVENT_WALL_TIME = 1;
    private static final int EVENT_STEP = 2;
    private static final int EVENT_FILE_VERSION = 3;
    private static final int EVENT_SUMMARY = 5;
    private static final int EVENT_SESSION_LOG = 7;
    private static final int SUMMARY_VALUE = 1;
    private static final int VALUE_TAG = 1;
    private static final int VALUE_SIMPLE_VALUE = 2;
    private static final int SESSION_LOG_STATUS = 1;
    /** {@code SessionLog.SessionStatus.START}. */
    private static final int SESSION_LOG_START = 1;

    private final Path directory;
    private final long sessionStartStep;
    private Path file;
    private OutputStream out;
    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ByteBuffer crcBytes = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);

    private TensorBoardEventWriter(Path directory, long sessionStartStep) {
        this.directory = directory;
        this.sessionStartStep = sessionStartStep;
    }

    /**
     * A writer for a new run; its event file is created in {@code directory} (created if missing)
     * with the first scalars.
     */
    public TensorBoardEventWriter(Path directory) {
        this(directory, 0);
    }

    /**
     * A writer for a run resumed from a checkpoint taken at {@code checkpointStep}: its file, created
     * with the first scalars, starts a session right after that step, which makes TensorBoard drop
     * the older files' points beyond it.
     *
     * @param directory the run directory
     * @param checkpointStep the global step of the checkpoint the run resumed from
     * @return the writer
     */
    public static TensorBoardEventWriter resumed(Path directory, long checkpointStep) {
        return new TensorBoardEventWriter(directory, checkpointStep + 1);
    }

    /**
     * Writes one event holding one scalar per map entry, all at {@code step}, and flushes.
     *
     * @param step the x coordinate in TensorBoard (the global environment step)
     * @param scalars tag → value; stored as 32-bit floats, as TensorBoard's {@code simple_value} is
     * @throws MetricsWriteException if the file cannot be created or written
     */
    public void writeScalars(long step, Map<String, Double> scalars) {
        if (scalars.isEmpty()) {
            return;
        }
        if (out == null) {
            open();
        }
        writeRecord(scalarEvent(currentWallTime(), step, scalars));
        flush();
    }

    /**
     * Flushes and closes the file, if one was created.
     *
     * @throws MetricsWriteException if the last records cannot be written
     */
    @Override
    public void close() {
        if (out == null) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }

    private void open() {
        file = createEventFile(directory);
        try {
            out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
        double wallTime = currentWallTime();
        writeRecord(fileVersionEvent(wallTime));
        writeRecord(sessionStartEvent(wallTime, sessionStartStep));
    }

    private static Path createEventFile(Path directory) {
        String base = FILE_PREFIX + (System.currentTimeMillis() / 1000) + "." + hostName();
        Path candidate = directory.resolve(base);
        try {
            Files.createDirectories(directory);
            // Two writers started within the same second (a quick resume) must not share a file.
            for (int suffix = 1; ; suffix++) {
                try {
                    return Files.createFile(candidate);
                } catch (FileAlreadyExistsException e) {
                    candidate = directory.resolve(base + "." + suffix);
                }
            }
        } catch (IOException e) {
            throw new MetricsWriteException(candidate, e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static double currentWallTime() {
        return System.currentTimeMillis() / 1000.0;
    }

    private static byte[] fileVersionEvent(double wallTime) {
        return serialize(CodedOutputStream.computeDoubleSize(EVENT_WALL_TIME, wallTime)
                + CodedOutputStream.computeStringSize(EVENT_FILE_VERSION, FILE_VERSION), coded -> {
                    coded.writeDouble(EVENT_WALL_TIME, wallTime);
                    coded.writeString(EVENT_FILE_VERSION, FILE_VERSION);
                });
    }

    /** {@code Event{wall_time, step, session_log: SessionLog{status: START}}}. */
    private static byte[] sessionStartEvent(double wallTime, long step) {
        byte[] sessionLog = serialize(CodedOutputStream.computeEnumSize(SESSION_LOG_STATUS, SESSION_LOG_START),
                coded -> coded.writeEnum(SESSION_LOG_STATUS, SESSION_LOG_START));
        return event(wallTime, step, EVENT_SESSION_LOG, sessionLog);
    }

    /** {@code Event{wall_time, step, summary: Summary{value: [{tag, simple_value}, ...]}}}. */
    private static byte[] scalarEvent(double wallTime, long step, Map<String, Double> scalars) {
        int summarySize = 0;
        for (Map.Entry<String, Double> entry : scalars.entrySet()) {
            int valueSize = valueSize(entry.getKey(), entry.getValue());
            summarySize += CodedOutputStream.computeTagSize(SUMMARY_VALUE)
                    + CodedOutputStream.computeUInt32SizeNoTag(valueSize) + valueSize;
        }
        byte[] summary = serialize(summarySize, coded -> {
            for (Map.Entry<String, Double> entry : scalars.entrySet()) {
                coded.writeTag(SUMMARY_VALUE, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                coded.writeUInt32NoTag(valueSize(entry.getKey(), entry.getValue()));
                coded.writeString(VALUE_TAG, entry.getKey());
                coded.writeFloat(VALUE_SIMPLE_VALUE, entry.getValue().floatValue());
            }
        });
        return event(wallTime, step, EVENT_SUMMARY, summary);
    }

    /** {@code Event{wall_time, step, <field>: message}}, the message already serialised. */
    private static byte[] event(double wallTime, long step, int field, byte[] message) {
        return serialize(CodedOutputStream.computeDoubleSize(EVENT_WALL_TIME, wallTime)
                + CodedOutputStream.computeInt64Size(EVENT_STEP, step)
                + CodedOutputStream.computeByteArraySize(field, message), coded -> {
                    coded.writeDouble(EVENT_WALL_TIME, wallTime);
                    coded.writeInt64(EVENT_STEP, step);
                    coded.writeByteArray(field, message);
                });
    }

    /** Writes protobuf fields into an array of the size computed for them. */
    private interface Fields {
        void writeTo(CodedOutputStream coded) throws IOException;
    }

    private static byte[] serialize(int size, Fields fields) {
        byte[] bytes = new byte[size];
        CodedOutputStream coded = CodedOutputStream.newInstance(bytes);
        try {
            fields.writeTo(coded);
            coded.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("protobuf size computation disagrees with the bytes written", e);
        }
        return bytes;
    }

    private static int valueSize(String tag, double value) {
        return CodedOutputStream.computeStringSize(VALUE_TAG, tag)
                + CodedOutputStream.computeFloatSize(VALUE_SIMPLE_VALUE, (float) value);
    }

    private void writeRecord(byte[] data) {
        header.clear();
        header.putLong(data.length);
        try {
            out.write(header.array());
            out.write(maskedCrc(header.array(), 0, Long.BYTES));
            out.write(data);
            out.write(maskedCrc(data, 0, data.length));
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }

    private byte[] maskedCrc(byte[] bytes, int offset, int length) {
        crc.reset();
        crc.update(bytes, offset, length);
        int value = (int) crc.getValue();
        int masked = ((value >>> 15) | (value << 17)) + CRC_MASK_DELTA;
        crcBytes.clear();
        crcBytes.putInt(masked);
        return crcBytes.array();
    }

    private void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new MetricsWriteException(file, e);
        }
    }
}
