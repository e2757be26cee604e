package dev.dfx.testkit;

import dev.dfx.codec.json.JacksonBodyCodec;
import dev.dfx.core.port.BodyCodec;

/** Runs the {@link BodyCodecContract} against {@link JacksonBodyCodec}. */
// Only the transport under test is supplied here; every test and assertion is inherited from BodyCodecContract.
class JacksonBodyCodecContractTest extends BodyCodecContract {
    @Override
    protected BodyCodec codec() {
        return JacksonBodyCodec.create();
    }
}
