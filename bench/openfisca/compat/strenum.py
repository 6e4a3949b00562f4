# Minimal stand-in for the PyPI "StrEnum" package (not packaged by Debian 12).
import enum
class StrEnum(str, enum.Enum):
    def __new__(cls, value, *args, **kwargs):
        obj = str.__new__(cls, value)
        obj._value_ = value
        return obj
    def __str__(self):
        return str(self.value)
    @staticmethod
    def _generate_next_value_(name, *_):
        return name
