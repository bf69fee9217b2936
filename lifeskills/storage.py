"""Static files in production: hashed, compressed, and ES modules importing each other."""

from whitenoise import storage


class CompressedManifestStaticFilesStorage(storage.CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage of the same name, also rewriting imports between JavaScript modules.

    A page asks for ``offline.<hash>.js``, which imports ``./i18n.js``. Without
    the rewrite that import would load a file without the long cache headers,
    and one the service worker does not keep (it keeps the hashed names), so the
    page's scripts would fail offline. Django's switch is off by default, as new
    in Django 4.2: imports are found by pattern, so the site's modules write each
    one as ``import { x } from "./x.js";``, with the semicolon.
    """

    support_js_module_import_aggregation = True
