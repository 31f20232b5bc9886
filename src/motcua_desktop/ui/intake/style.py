"""The intake page's style sheet: large fields, clear sections, the missing state in red."""

PAGE_STYLE = """
#intakePage QLineEdit, #intakePage QComboBox, #intakePage QSpinBox,
#intakePage QDateTimeEdit {
    min-height: 30px;
    font-size: 12pt;
    padding: 1px 6px;
}
#intakePage QPlainTextEdit, #intakePage QListWidget, #intakePage QTableView {
    font-size: 12pt;
}
#intakePage QLabel, #intakePage QCheckBox { font-size: 11pt; }
#intakePage QHeaderView::section { font-size: 10pt; font-weight: bold; padding: 3px 6px; }
#intakePage QPushButton { font-size: 11pt; padding: 4px 14px; }
#intakePage QPushButton#saveButton { font-weight: bold; }
QLabel#pageTitle { font-size: 16pt; font-weight: bold; color: #1d3557; }
QLabel#sectionTitle {
    font-size: 13pt;
    font-weight: bold;
    color: #1d3557;
    border-bottom: 2px solid #a8dadc;
    padding-top: 10px;
    padding-bottom: 2px;
}
QLabel#fieldError { color: #a4161a; font-weight: bold; font-size: 10pt; }
QLabel#hint { color: #555555; font-size: 10pt; }
QLabel#procedureInfo { font-size: 11pt; padding: 4px 0; }
QLabel#missingBanner {
    background: #fde2e1;
    color: #a4161a;
    border: 1px solid #a4161a;
    border-radius: 4px;
    padding: 6px 10px;
    font-weight: bold;
}
QLabel#appointment { font-size: 12pt; color: #555555; min-height: 30px; }
QLabel#appointment[state="due"] { font-size: 16pt; font-weight: bold; color: #1b4332; }
QLabel#savedBanner {
    border-radius: 4px;
    padding: 8px 12px;
    font-size: 12pt;
    font-weight: bold;
    background: #d8f3dc;
    color: #1b4332;
    border: 1px solid #52b788;
}
QLabel#savedBanner[kind="supplement"] {
    background: #fff3bf; color: #7a4f01; border: 1px solid #f0b429;
}
QLabel#savedBanner[kind="refusal"] {
    background: #fde2e1; color: #a4161a; border: 1px solid #a4161a;
}
"""
