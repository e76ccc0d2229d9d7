/*
 * multiopen-elevate.exe: "Restart as administrator" without a shell.
 * Electron's shell.openPath() starts it through ShellExecute; its manifest asks for administrator
 * rights, so Windows shows the UAC prompt. Once elevated it starts Multiopen.exe (two folders up:
 * <app>\resources\elevate\ -> <app>\) and exits; the child inherits the elevated token.
 * Exit codes: 0 started, 2 Multiopen.exe not found, 3 CreateProcess failed.
 */
#include <windows.h>
#include <wchar.h>

static int strip_last(WCHAR *path) {
  WCHAR *slash = wcsrchr(path, L'\\');
  if (slash == NULL) return 0;
  *slash = 0;
  return 1;
}

int WINAPI WinMain(HINSTANCE inst, HINSTANCE prev, LPSTR cmd, int show) {
  (void)inst; (void)prev; (void)cmd; (void)show;
  WCHAR dir[MAX_PATH + 64];
  DWORD n = GetModuleFileNameW(NULL, dir, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return 2;
  /* exe name, "elevate", "resources" */
  if (!strip_last(dir) || !strip_last(dir) || !strip_last(dir)) return 2;
  WCHAR exe[MAX_PATH + 64];
  _snwprintf(exe, MAX_PATH + 63, L"%ls\\Multiopen.exe", dir);
  exe[MAX_PATH + 63] = 0;
  if (GetFileAttributesW(exe) == INVALID_FILE_ATTRIBUTES) return 2;

  WCHAR line[MAX_PATH + 80];
  _snwprintf(line, MAX_PATH + 79, L"\"%ls\"", exe);
  line[MAX_PATH + 79] = 0;
  STARTUPINFOW si;
  ZeroMemory(&si, sizeof(si));
  si.cb = sizeof(si);
  PROCESS_INFORMATION pi;
  if (!CreateProcessW(exe, line, NULL, NULL, FALSE, 0, NULL, dir, &si, &pi)) return 3;
  CloseHandle(pi.hThread);
  CloseHandle(pi.hProcess);
  return 0;
}
