package dev.dfx.testkit;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.port.BodyCodec;

/** Runs the {@link BodyCodecContract} against {@link JacksonBodyCodec}. */
class JacksonBodyCodecContractTest extends BodyCodecContract {
    @Override
    protected BodyCodec codec() {
        return JacksonBodyCodec.create();
    }
}
