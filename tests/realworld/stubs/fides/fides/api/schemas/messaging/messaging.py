# Stand-in for fides.api.schemas.messaging.messaging (5f96f13be8ec keys its
# default templates by these values).
from enum import Enum


class MessagingActionType(str, Enum):
    CONSENT_REQUEST = "consent_request"
    SUBJECT_IDENTITY_VERIFICATION = "subject_identity_verification"
    CONSENT_REQUEST_EMAIL_FULFILLMENT = "consent_request_email_fulfillment"
    MESSAGE_ERASURE_REQUEST_FULFILLMENT = "message_erasure_fulfillment"
    PRIVACY_REQUEST_ERROR_NOTIFICATION = "privacy_request_error_notification"
    PRIVACY_REQUEST_RECEIPT = "privacy_request_receipt"
    PRIVACY_REQUEST_COMPLETE_ACCESS = "privacy_request_complete_access"
    PRIVACY_REQUEST_COMPLETE_DELETION = "privacy_request_complete_deletion"
    PRIVACY_REQUEST_COMPLETE_CONSENT = "privacy_request_complete_consent"
    PRIVACY_REQUEST_REVIEW_DENY = "privacy_request_review_deny"
    PRIVACY_REQUEST_REVIEW_APPROVE = "privacy_request_review_approve"
    USER_INVITE = "user_invite"
    PASSWORD_RESET = "password_reset"
    EXTERNAL_USER_WELCOME = "external_user_welcome"
    MANUAL_TASK_DIGEST = "manual_task_digest"
    TEST_MESSAGE = "test_message"
    CORRESPONDENCE = "correspondence"
