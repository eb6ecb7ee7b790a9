from enum import Enum


class BillType(Enum):  # as ihatemoney/models.py: the enum's labels are its member names
    EXPENSE = "Expense"
    REIMBURSEMENT = "Reimbursement"
