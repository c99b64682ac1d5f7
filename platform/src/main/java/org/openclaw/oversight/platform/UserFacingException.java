package org.openclaw.oversight.platform;

/** A failure with a message for the user and, when known, what they can do about it. */
public class UserFacingException extends RuntimeException {
    private final String whatToDo;

    public UserFacingException(String message, String whatToDo) {
        this(message, whatToDo, null);
    }

    public UserFacingException(String message, String whatToDo, Throwable cause) {
        super(message, cause);
        this.whatToDo = whatToDo;
    }

    public String whatToDo() {
        return whatToDo;
    }
}
