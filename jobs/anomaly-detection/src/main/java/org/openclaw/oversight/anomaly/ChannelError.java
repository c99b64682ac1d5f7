package org.openclaw.oversight.anomaly;

import org.openclaw.oversight.schema.ChannelMessage;
import org.openclaw.oversight.schema.CleanEvent;

/** A channel message that failed (an {@code errorCode}, or delivery status {@code failed}). A Flink POJO. */
public class ChannelError {

    public String tenantId;
    public String channel;
    public String eventId;
    public long eventTimeMs;

    public ChannelError() {}

    public static boolean isChannelError(CleanEvent e) {
        ChannelMessage m = e.getChannelMessage();
        return m != null && (m.getErrorCode() != null || "failed".equalsIgnoreCase(m.getDeliveryStatus()));
    }

    public static ChannelError of(CleanEvent e) {
        ChannelError c = new ChannelError();
        c.tenantId = e.getTenantId();
        c.channel = e.getChannelMessage().getChannel().name();
        c.eventId = e.getEventId();
        c.eventTimeMs = e.getEventTime().toEpochMilli();
        return c;
    }

    public String key() {
        return tenantId + "/" + channel;
    }
}
