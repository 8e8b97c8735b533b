"""Every failure answers with a page (HTML routes) or `{"error": ...}` (the API), never a traceback.

400 names the bad parameter; a failing engine (`BackendError`, also a damaged or lost index:
`IndexDamaged`) is 503 with Retry-After, on every page and API route. The failure is logged once
with its cause, then again at most once a minute while it repeats (with how many times it did):
a damaged index fails every request, and a log line per request would bury everything else.
"""

from __future__ import annotations

import threading
import time

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from indexer.search.engine import BackendError

from .params import BadParameter

RETRY_AFTER_SECONDS = 30
API_PREFIX = "/api/"
# The same engine failure is logged again after this long, with how often it repeated meanwhile.
LOG_REPEAT_SECONDS = 60.0
FAILURE_LOG = "vnsearch.engine_failures"

TITLES = {
    400: "Yêu cầu không hợp lệ",
    404: "Không tìm thấy trang",
    405: "Phương thức không được hỗ trợ",
    500: "Đã có lỗi xảy ra",
    503: "Dịch vụ tìm kiếm tạm thời gián đoạn",
}

MESSAGES = {
    404: "Trang hoặc bài viết bạn tìm không có ở đây. Có thể đường dẫn bị sai hoặc bài viết đã bị gỡ.",
    405: "Địa chỉ này không nhận phương thức {method}.",
    500: "Máy chủ gặp sự cố khi xử lý yêu cầu. Vui lòng thử lại sau ít phút.",
    503: "Kho dữ liệu tìm kiếm hiện không truy cập được. Vui lòng thử lại sau ít phút.",
}


def wants_json() -> bool:
    return request.path.startswith(API_PREFIX)


def _answer(status: int, message: str, parameter: str | None = None) -> Response:
    if wants_json():
        error: dict[str, object] = {"status": status, "message": message}
        if parameter is not None:
            error = {"parameter": parameter, **error}
        response = jsonify({"error": error})
    else:
        response = current_app.make_response(render_template(
            "error.html", status=status, title=TITLES.get(status, "Lỗi"), message=message, parameter=parameter))
    response.status_code = status
    return response


def bad_parameter(exc: BadParameter) -> Response:
    return _answer(400, exc.message, parameter=exc.name)


class FailureLog:
    """Engine failures by message: logged once with their cause, then once per LOG_REPEAT_SECONDS."""

    MAX_KEPT = 100  # distinct messages remembered; the oldest are forgotten

    def __init__(self, repeat_seconds: float = LOG_REPEAT_SECONDS) -> None:
        self.repeat_seconds = repeat_seconds
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, int]] = {}  # message -> (last logged, repeats since)

    def record(self, exc: BackendError) -> None:
        message = str(exc)
        now = time.monotonic()
        with self._lock:
            last = self._seen.get(message)
            if last is not None and now - last[0] < self.repeat_seconds:
                self._seen[message] = (last[0], last[1] + 1)
                return
            repeats = last[1] if last else 0
            self._seen.pop(message, None)
            self._seen[message] = (now, 0)
            while len(self._seen) > self.MAX_KEPT:
                del self._seen[next(iter(self._seen))]
        cause = exc.__cause__
        because = f" (cause: {type(cause).__name__}: {' '.join(str(cause).split())})" if cause else ""
        again = f" [{repeats} more time(s) since it was last logged]" if repeats else ""
        current_app.logger.error("search engine failed: %s%s%s", message, because, again)


def backend_error(exc: BackendError) -> Response:
    failures = current_app.extensions.get(FAILURE_LOG)
    if isinstance(failures, FailureLog):
        failures.record(exc)
    else:
        current_app.logger.error("search engine failed: %s", exc)
    response = _answer(503, MESSAGES[503])
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def http_error(exc: HTTPException) -> Response:
    status = exc.code or 500
    if status >= 500:
        return internal_error(exc)
    message = MESSAGES.get(status, exc.description or TITLES.get(status, "Lỗi")).format(method=request.method)
    response = _answer(status, message)
    for name, value in exc.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def internal_error(exc: Exception) -> Response:
    original = getattr(exc, "original_exception", None) or exc
    if isinstance(original, BackendError):
        return backend_error(original)
    if not isinstance(original, HTTPException):
        current_app.logger.exception("unhandled error on %s", request.path, exc_info=original)
    try:
        return _answer(500, MESSAGES[500])
    except Exception:  # the error page itself failed: answer with plain text, still no traceback
        return Response(TITLES[500], status=500, mimetype="text/plain")


def register(app: Flask) -> None:
    app.extensions[FAILURE_LOG] = FailureLog()
    app.register_error_handler(BadParameter, bad_parameter)
    app.register_error_handler(BackendError, backend_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, internal_error)
