; Inno Setup 6 script: per-user installer for the PyInstaller one-folder build.
;
;   pyinstaller --noconfirm --clean packaging\mypbxdesk.spec
;   iscc packaging\windows\mypbxdesk.iss      (output: dist\mypbxdesk-<version>-setup.exe)
;
; Per user (no admin rights): files go to %LOCALAPPDATA%\Programs\mypbxdesk,
; the tel:/callto:/sip: handlers to HKCU\Software\Classes, and "Start at login"
; (a task, on by default) to HKCU\...\Run — the same value the app's own
; "start at login" setting writes (mypbxdesk/autostart.py).
; Windows 8+ never lets an app make itself the default for a scheme: the
; Capabilities + RegisteredApplications entries list mypbxdesk under
; Settings > Apps > Default apps, and the finish page offers to open that page.

#define AppName "mypbxdesk"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExe "mypbxdesk.exe"
#define ProgId "mypbxdesk.tel"

[Setup]
AppId={{6C0B7D52-2F7E-4B8A-9C43-5E0D8F3A1B27}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=mypbxdesk
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DisableProgramGroupPage=yes
OutputDir=..\..\dist
OutputBaseFilename={#AppName}-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"
Name: "zh_CN"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"

[Tasks]
Name: "autostart"; Description: "Start mypbxdesk when I log in"; Flags: checkedonce
Name: "handlers"; Description: "Open tel:, callto: and sip: links with mypbxdesk"; Flags: checkedonce

[Files]
Source: "..\..\dist\mypbxdesk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"

[Registry]
; Start at login (HKCU Run), removed on uninstall.
Root: HKCU; Subkey: "Software\Microsoft\Windows\CurrentVersion\Run"; ValueType: string; \
  ValueName: "mypbxdesk"; ValueData: """{app}\{#AppExe}"" --autostart"; \
  Flags: uninsdeletevalue; Tasks: autostart

; URL protocols, per user: HKCU\Software\Classes\<scheme>.
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueData: "URL:Telephone link"; Flags: uninsdeletekeyifempty; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\tel"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\tel\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\tel\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueData: "URL:Callto link"; Flags: uninsdeletekeyifempty; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\callto"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\callto\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\callto\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\sip"; ValueType: string; ValueData: "URL:SIP link"; Flags: uninsdeletekeyifempty; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\sip"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\sip\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\sip\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Flags: uninsdeletekey; Tasks: handlers

; A ProgID plus Capabilities, so Windows lists mypbxdesk under Default apps.
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueData: "mypbxdesk phone link"; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: "URL Protocol"; ValueData: ""; Tasks: handlers
Root: HKCU; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: handlers
Root: HKCU; Subkey: "Software\mypbxdesk\Capabilities"; ValueType: string; ValueName: "ApplicationName"; ValueData: "mypbxdesk"; Flags: uninsdeletekey; Tasks: handlers
Root: HKCU; Subkey: "Software\mypbxdesk\Capabilities"; ValueType: string; ValueName: "ApplicationDescription"; ValueData: "Click-to-dial for Yeastar MyPBX and Asterisk"; Tasks: handlers
Root: HKCU; Subkey: "Software\mypbxdesk\Capabilities\URLAssociations"; ValueType: string; ValueName: "tel"; ValueData: "{#ProgId}"; Tasks: handlers
Root: HKCU; Subkey: "Software\mypbxdesk\Capabilities\URLAssociations"; ValueType: string; ValueName: "callto"; ValueData: "{#ProgId}"; Tasks: handlers
Root: HKCU; Subkey: "Software\mypbxdesk\Capabilities\URLAssociations"; ValueType: string; ValueName: "sip"; ValueData: "{#ProgId}"; Tasks: handlers
Root: HKCU; Subkey: "Software\RegisteredApplications"; ValueType: string; ValueName: "mypbxdesk"; ValueData: "Software\mypbxdesk\Capabilities"; Flags: uninsdeletevalue; Tasks: handlers

[Run]
Filename: "{app}\{#AppExe}"; Description: "Start mypbxdesk now"; Flags: nowait postinstall skipifsilent
Filename: "ms-settings:defaultapps"; Description: "Choose mypbxdesk for phone links (Default apps)"; Flags: shellexec postinstall skipifsilent unchecked; Tasks: handlers

[UninstallRun]
Filename: "taskkill"; Parameters: "/IM {#AppExe} /F"; Flags: runhidden; RunOnceId: "StopApp"
