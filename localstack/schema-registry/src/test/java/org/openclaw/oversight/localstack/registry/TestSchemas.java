package org.openclaw.oversight.localstack.registry;

/** Small Avro schemas whose evolution rules are easy to see. */
final class TestSchemas {

    static final String V1 = "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"}]}";

    /** V1 with extra whitespace and another key order: the same schema. */
    static final String V1_REFORMATTED = "{ \"namespace\" : \"test\", \"name\" : \"Event\", \"type\" : \"record\",\n"
            + "  \"fields\" : [ { \"type\" : \"string\", \"name\" : \"id\" } ] }";

    /** Adds a field with a default: BACKWARD compatible with V1. */
    static final String V2_WITH_DEFAULT = "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\",\"default\":0}]}";

    /** Adds a field without a default: a new reader cannot read V1 data, so not BACKWARD compatible. */
    static final String V2_NO_DEFAULT = "{\"type\":\"record\",\"name\":\"Event\",\"namespace\":\"test\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"string\"},{\"name\":\"count\",\"type\":\"int\"}]}";

    private TestSchemas() {}

    /** A distinct record schema per index, for bulk and concurrency tests. */
    static String numbered(int i) {
        return "{\"type\":\"record\",\"name\":\"Numbered" + i + "\",\"namespace\":\"test\","
                + "\"fields\":[{\"name\":\"n\",\"type\":\"int\"}]}";
    }
}
