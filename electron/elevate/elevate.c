/*
 * multiopen-elevate.exe: "Restart as administrator" without a shell.
 *
 * Multiopen runs it as a normal child process (so it gets its exit code) with
 *   multiopen-elevate.exe [--target "C:\...\Multiopen.exe"]
 * Not elevated, it asks Windows to run itself elevated (ShellExecuteExW "runas": the UAC prompt), passing
 * its own user's SID, waits for that copy and exits with its exit code. The elevated copy starts the
 * target (default: Multiopen.exe two folders up, <app>\resources\elevate\ -> <app>\; the portable build
 * passes the exe the user keeps, as its unpacked copy in %TEMP% goes away) and compares its user with the
 * SID it was given: a standard user who typed an administrator's credentials gets a copy running as that
 * other account, with that account's %APPDATA% (presets, settings), which Multiopen must say.
 * Exit codes: 0 started; 2 target not found; 3 CreateProcess failed; 4 declined at the UAC prompt;
 * 5 elevation failed otherwise; 6 started, but as another account.
 */
#include <windows.h>
#include <sddl.h>
#include <shellapi.h>
#include <wchar.h>

enum { EXIT_STARTED = 0, EXIT_NOT_FOUND = 2, EXIT_START_FAILED = 3, EXIT_DECLINED = 4, EXIT_ELEVATION_FAILED = 5, EXIT_OTHER_ACCOUNT = 6 };

static int strip_last(WCHAR *path) {
  WCHAR *slash = wcsrchr(path, L'\\');
  if (slash == NULL) return 0;
  *slash = 0;
  return 1;
}

/* TokenElevation of this process. */
static int is_elevated(void) {
  HANDLE token;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return 0;
  TOKEN_ELEVATION e;
  DWORD len = 0;
  BOOL ok = GetTokenInformation(token, TokenElevation, &e, sizeof(e), &len);
  CloseHandle(token);
  return ok && e.TokenIsElevated;
}

/* This process's user SID as a string (LocalFree it), or NULL. */
static WCHAR *user_sid(void) {
  HANDLE token;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return NULL;
  BYTE buf[256];
  DWORD len = 0;
  WCHAR *sid = NULL;
  if (GetTokenInformation(token, TokenUser, buf, sizeof(buf), &len)) ConvertSidToStringSidW(((TOKEN_USER *)buf)->User.Sid, &sid);
  CloseHandle(token);
  return sid;
}

/* Appends `arg` to `line` quoted for CommandLineToArgvW (paths: no quotes or trailing backslashes inside). */
static void append_arg(WCHAR *line, size_t size, const WCHAR *arg) {
  size_t n = wcslen(line);
  _snwprintf(line + n, size - n - 1, L"%ls\"%ls\"", n ? L" " : L"", arg);
  line[size - 1] = 0;
}

/* Not elevated: run this exe again through the UAC prompt and return that copy's exit code. */
static int relaunch_elevated(const WCHAR *target) {
  WCHAR self[MAX_PATH + 1];
  DWORD n = GetModuleFileNameW(NULL, self, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return EXIT_ELEVATION_FAILED;
  WCHAR params[3 * MAX_PATH + 256] = L"";
  append_arg(params, sizeof(params) / sizeof(params[0]), L"--elevated");
  WCHAR *sid = user_sid();
  if (sid != NULL) {
    append_arg(params, sizeof(params) / sizeof(params[0]), L"--user");
    append_arg(params, sizeof(params) / sizeof(params[0]), sid);
    LocalFree(sid);
  }
  if (target != NULL) {
    append_arg(params, sizeof(params) / sizeof(params[0]), L"--target");
    append_arg(params, sizeof(params) / sizeof(params[0]), target);
  }
  SHELLEXECUTEINFOW sei;
  ZeroMemory(&sei, sizeof(sei));
  sei.cbSize = sizeof(sei);
  sei.fMask = SEE_MASK_NOCLOSEPROCESS | SEE_MASK_NOASYNC;
  sei.lpVerb = L"runas";
  sei.lpFile = self;
  sei.lpParameters = params;
  sei.nShow = SW_SHOWNORMAL;
  if (!ShellExecuteExW(&sei)) return GetLastError() == ERROR_CANCELLED ? EXIT_DECLINED : EXIT_ELEVATION_FAILED;
  if (sei.hProcess == NULL) return EXIT_ELEVATION_FAILED;
  WaitForSingleObject(sei.hProcess, INFINITE);
  DWORD code = EXIT_ELEVATION_FAILED;
  if (!GetExitCodeProcess(sei.hProcess, &code)) code = EXIT_ELEVATION_FAILED;
  CloseHandle(sei.hProcess);
  return (int)code;
}

/* Elevated: start the target; say whether it runs as the account that asked. */
static int start_target(const WCHAR *target, const WCHAR *expected_sid) {
  WCHAR exe[MAX_PATH + 64];
  if (target != NULL) {
    _snwprintf(exe, MAX_PATH + 63, L"%ls", target);
  } else {
    DWORD n = GetModuleFileNameW(NULL, exe, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) return EXIT_NOT_FOUND;
    /* exe name, "elevate", "resources" */
    if (!strip_last(exe) || !strip_last(exe) || !strip_last(exe)) return EXIT_NOT_FOUND;
    size_t len = wcslen(exe);
    _snwprintf(exe + len, MAX_PATH + 63 - len, L"\\Multiopen.exe");
  }
  exe[MAX_PATH + 63] = 0;
  DWORD attrs = GetFileAttributesW(exe);
  if (attrs == INVALID_FILE_ATTRIBUTES || (attrs & FILE_ATTRIBUTE_DIRECTORY)) return EXIT_NOT_FOUND;
  WCHAR dir[MAX_PATH + 64];
  wcscpy(dir, exe);
  if (!strip_last(dir)) return EXIT_NOT_FOUND;

  WCHAR line[MAX_PATH + 80];
  _snwprintf(line, MAX_PATH + 79, L"\"%ls\"", exe);
  line[MAX_PATH + 79] = 0;
  STARTUPINFOW si;
  ZeroMemory(&si, sizeof(si));
  si.cb = sizeof(si);
  PROCESS_INFORMATION pi;
  if (!CreateProcessW(exe, line, NULL, NULL, FALSE, 0, NULL, dir, &si, &pi)) return EXIT_START_FAILED;
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  if (expected_sid != NULL) {
    WCHAR *sid = user_sid();
    int other = sid != NULL && _wcsicmp(sid, expected_sid) != 0;
    if (sid != NULL) LocalFree(sid);
    if (other) return EXIT_OTHER_ACCOUNT;
  }
  return EXIT_STARTED;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show) {
  (void)inst; (void)prev; (void)cmd; (void)show;
  int argc = 0;
  WCHAR **argv = CommandLineToArgvW(GetCommandLineW(), &argc);
  const WCHAR *target = NULL, *sid = NULL;
  int asked_elevated = 0;
  for (int i = 1; argv != NULL && i < argc; i++) {
    if (wcscmp(argv[i], L"--target") == 0 && i + 1 < argc) target = argv[++i];
    else if (wcscmp(argv[i], L"--user") == 0 && i + 1 < argc) sid = argv[++i];
    else if (wcscmp(argv[i], L"--elevated") == 0) asked_elevated = 1;
  }
  int code;
  if (is_elevated()) code = start_target(target, sid);
  /* Started through "runas" but still not elevated: do not ask again in a loop. */
  else if (asked_elevated) code = EXIT_ELEVATION_FAILED;
  else code = relaunch_elevated(target);
  if (argv != NULL) LocalFree(argv);
  return code;
}
