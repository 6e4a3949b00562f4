# Minimal stand-in for the PyPI "dpath" package (only used by OpenFisca-Core to format errors).
def new(obj, path, value):
    keys = [k for k in path.split("/") if k]
    d = obj
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    if keys:
        d[keys[-1]] = value
    return obj
def search(obj, glob, yielded=False):
    return iter(())
