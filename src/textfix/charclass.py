"""Character-class fragments for regular expressions, shared by the layers."""

# CJK unified ideographs: Extension A, the main block, compatibility ideographs, Extensions B-H.
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\U00031350-\U000323af"
