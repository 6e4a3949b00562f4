# Wrapper over Debian 12's typing_extensions 4.4 adding names OpenFisca-Core 43 needs (TypeIs).
import importlib.util as _u, sys as _s
_spec = _u.spec_from_file_location("_te_real", "/usr/lib/python3/dist-packages/typing_extensions.py")
_real = _u.module_from_spec(_spec); _spec.loader.exec_module(_real)
globals().update({k: v for k, v in vars(_real).items() if not k.startswith("__")})
if not hasattr(_real, "TypeIs"):
    TypeIs = _real.TypeGuard
