; Windows installer for MotCua Desktop (NSIS 3, Modern UI 2), in Vietnamese and English.
;
; Build: `make installer`, which runs
;   makensis -INPUTCHARSET UTF8 -DVERSION=<from src/motcua_desktop/__init__.py>
;            -DPAYLOAD=<the PyInstaller folder> -DICON=<.ico> -DOUTFILE=<setup.exe> motcua.nsi
; The version is never written here: it comes from __init__.__version__ through -DVERSION.
;
; Command line: /S silent; /D=<folder> install folder (last, unquoted);
;   /PROVISION=<file.motcua> copy the district's provisioning file next to the program,
;   where the first run finds it. Uninstaller: /S silent (keeps the data), /DELETEDATA too.

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma

!ifndef VERSION
  !error "Pass -DVERSION=... (make installer reads it from src/motcua_desktop/__init__.py)"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "placeholder"
!endif
!ifndef OUTFILE
  !define OUTFILE "MotCua-Desktop-Setup-${VERSION}.exe"
!endif
!ifndef VIVERSION
  !define VIVERSION "${VERSION}.0"
!endif

!define PRODUCT "MotCua Desktop"
!define PUBLISHER "motcua-desktop"
!define GUI_EXE "motcua-desktop.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\MotCuaDesktop"
!define SETTINGS_KEY "Software\motcua-desktop"
; platformdirs.user_data_dir("motcua-desktop", appauthor=False) on Windows.
!define DATA_DIR "$LOCALAPPDATA\motcua-desktop"
!define PROVISIONING_NAME "provisioning.motcua"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "nsDialogs.nsh"
!include "x64.nsh"

Name "${PRODUCT}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${PRODUCT}"
InstallDirRegKey HKLM "${SETTINGS_KEY}" "InstallDir"
RequestExecutionLevel admin
BrandingText "${PRODUCT} ${VERSION}"

VIProductVersion "${VIVERSION}"
VIAddVersionKey /LANG=0 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "FileDescription" "${PRODUCT} Setup"
VIAddVersionKey /LANG=0 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ABORTWARNING
!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_LANGDLL_REGISTRY_ROOT HKLM
!define MUI_LANGDLL_REGISTRY_KEY "${SETTINGS_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
; No "run the program now" box: the installer runs elevated, possibly as another account,
; and the program would then make its data folder in that account's profile.

Var ProvisionSource
Var ProvisionField
Var DeleteData
Var DeleteDataBox

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_LICENSE "../../LICENSE"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
Page custom ProvisionPageShow ProvisionPageLeave
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageShow un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default one.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

LangString SecProgram ${LANG_VIETNAMESE} "Chương trình Một cửa"
LangString SecProgram ${LANG_ENGLISH} "The one-stop desk program"
LangString SecProgramDesc ${LANG_VIETNAMESE} "Chương trình, phông chữ và danh mục thủ tục (bắt buộc)."
LangString SecProgramDesc ${LANG_ENGLISH} "The program, its fonts and the procedure catalogue (required)."
LangString SecDesktop ${LANG_VIETNAMESE} "Biểu tượng trên màn hình nền"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecDesktopDesc ${LANG_VIETNAMESE} "Đặt biểu tượng Một cửa trên màn hình nền."
LangString SecDesktopDesc ${LANG_ENGLISH} "Put a MotCua Desktop shortcut on the desktop."
LangString ShortcutComment ${LANG_VIETNAMESE} "Tiếp nhận và theo dõi hồ sơ tại Bộ phận Một cửa"
LangString ShortcutComment ${LANG_ENGLISH} "Receive and track dossiers at the one-stop desk"
LangString UninstallShortcut ${LANG_VIETNAMESE} "Gỡ cài đặt Một cửa"
LangString UninstallShortcut ${LANG_ENGLISH} "Uninstall MotCua Desktop"
LangString ProvisionTitle ${LANG_VIETNAMESE} "Tệp cấu hình của huyện"
LangString ProvisionTitle ${LANG_ENGLISH} "The district's provisioning file"
LangString ProvisionSubtitle ${LANG_VIETNAMESE} "Không bắt buộc: chọn tệp .motcua do huyện cấp cho xã."
LangString ProvisionSubtitle ${LANG_ENGLISH} "Optional: choose the .motcua file the district gave the commune."
LangString ProvisionText ${LANG_VIETNAMESE} "Nếu huyện đã cấp tệp cấu hình cho xã, hãy chọn tệp đó. Tệp được chép vào thư mục chương trình; lần chạy đầu tiên chương trình sẽ đề nghị dùng tệp này. Có thể bỏ trống và chọn tệp sau."
LangString ProvisionText ${LANG_ENGLISH} "If the district gave the commune a provisioning file, choose it. It is copied into the program folder, and the first run offers to use it. You may leave this empty and choose the file later."
LangString ProvisionBrowse ${LANG_VIETNAMESE} "Chọn tệp..."
LangString ProvisionBrowse ${LANG_ENGLISH} "Browse..."
LangString ProvisionFilter ${LANG_VIETNAMESE} "Tệp cấu hình (*.motcua)|*.motcua|Tất cả các tệp|*.*"
LangString ProvisionFilter ${LANG_ENGLISH} "Provisioning files (*.motcua)|*.motcua|All files|*.*"
LangString ProvisionMissing ${LANG_VIETNAMESE} "Không tìm thấy tệp cấu hình:"
LangString ProvisionMissing ${LANG_ENGLISH} "The provisioning file cannot be found:"
LangString ProvisionCopyFailed ${LANG_VIETNAMESE} "Không chép được tệp cấu hình vào thư mục chương trình. Hãy chọn tệp khi chương trình chạy lần đầu."
LangString ProvisionCopyFailed ${LANG_ENGLISH} "The provisioning file could not be copied into the program folder. Choose it at the first run instead."
LangString DataTitle ${LANG_VIETNAMESE} "Dữ liệu của xã"
LangString DataTitle ${LANG_ENGLISH} "The commune's data"
LangString DataSubtitle ${LANG_VIETNAMESE} "Hồ sơ, sổ theo dõi và bản sao lưu được giữ lại, trừ khi bạn chọn xóa."
LangString DataSubtitle ${LANG_ENGLISH} "Dossiers, the tracking book and backups are kept unless you choose to delete them."
LangString DataText ${LANG_VIETNAMESE} "Thư mục dữ liệu của tài khoản Windows này:"
LangString DataText ${LANG_ENGLISH} "The data folder of this Windows account:"
LangString DataCheckbox ${LANG_VIETNAMESE} "Xóa luôn dữ liệu của tôi (hồ sơ, nhật ký, bản sao lưu)"
LangString DataCheckbox ${LANG_ENGLISH} "Also delete my data (dossiers, logs, backups)"
LangString DataWarning ${LANG_VIETNAMESE} "Cảnh báo: dữ liệu đã xóa không thể khôi phục. Hãy sao lưu ra USB trước khi xóa."
LangString DataWarning ${LANG_ENGLISH} "Warning: deleted data cannot be recovered. Copy a backup to a USB stick first."
LangString DataConfirm ${LANG_VIETNAMESE} "Xóa vĩnh viễn toàn bộ dữ liệu của xã trên máy này?"
LangString DataConfirm ${LANG_ENGLISH} "Delete all of the commune's data on this computer for good?"

Section "!$(SecProgram)" SecProgramId
  SectionIn RO
  SetShellVarContext all
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}/*"
  Call CopyProvisioningFile
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\${PRODUCT}"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" \
    "$INSTDIR\${GUI_EXE}" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
  CreateShortcut "$SMPROGRAMS\${PRODUCT}\$(UninstallShortcut).lnk" "$INSTDIR\uninstall.exe"
  WriteRegStr HKLM "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecDesktop)" SecDesktopId
  SetShellVarContext all
  CreateShortcut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${GUI_EXE}" "" \
    "$INSTDIR\${GUI_EXE}" 0 SW_SHOWNORMAL "" "$(ShortcutComment)"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgramId} "$(SecProgramDesc)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktopId} "$(SecDesktopDesc)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PROVISION=" $ProvisionSource
  ${If} ${Errors}
    StrCpy $ProvisionSource ""
  ${EndIf}
  !insertmacro MUI_LANGDLL_DISPLAY
FunctionEnd

; The provisioning page: a path field and a file picker, both optional.
Function ProvisionPageShow
  !insertmacro MUI_HEADER_TEXT "$(ProvisionTitle)" "$(ProvisionSubtitle)"
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 48u "$(ProvisionText)"
  Pop $0
  ${NSD_CreateText} 0 56u 75% 13u "$ProvisionSource"
  Pop $ProvisionField
  ${NSD_CreateBrowseButton} 77% 55u 23% 15u "$(ProvisionBrowse)"
  Pop $0
  ${NSD_OnClick} $0 ProvisionBrowseClicked
  nsDialogs::Show
FunctionEnd

Function ProvisionBrowseClicked
  nsDialogs::SelectFileDialog open "$ProvisionSource" "$(ProvisionFilter)"
  Pop $0
  ${If} $0 != ""
    ${NSD_SetText} $ProvisionField $0
  ${EndIf}
FunctionEnd

Function ProvisionPageLeave
  ${NSD_GetText} $ProvisionField $ProvisionSource
  ${If} $ProvisionSource != ""
  ${AndIfNot} ${FileExists} "$ProvisionSource"
    MessageBox MB_ICONEXCLAMATION "$(ProvisionMissing)$\r$\n$ProvisionSource"
    Abort
  ${EndIf}
FunctionEnd

; Put the chosen file next to the program under the name the first run looks for
; (services/provisioning.py, bundled_provisioning_file).
Function CopyProvisioningFile
  ${If} $ProvisionSource == ""
    Return
  ${EndIf}
  ClearErrors
  CopyFiles /SILENT "$ProvisionSource" "$INSTDIR\${PROVISIONING_NAME}"
  ${If} ${Errors}
    MessageBox MB_ICONEXCLAMATION "$(ProvisionCopyFailed)" /SD IDOK
  ${EndIf}
FunctionEnd

Function un.onInit
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  StrCpy $DeleteData "0"
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $DeleteData "1"
  ${EndIf}
  !insertmacro MUI_UNGETLANGUAGE
FunctionEnd

; The data page: keep the data unless the clerk ticks the box (off by default).
Function un.DataPageShow
  !insertmacro MUI_HEADER_TEXT "$(DataTitle)" "$(DataSubtitle)"
  SetShellVarContext current
  nsDialogs::Create 1018
  Pop $0
  ${NSD_CreateLabel} 0 0 100% 12u "$(DataText)"
  Pop $0
  ${NSD_CreateLabel} 0 14u 100% 12u "${DATA_DIR}"
  Pop $0
  ${NSD_CreateCheckbox} 0 36u 100% 12u "$(DataCheckbox)"
  Pop $DeleteDataBox
  ${If} $DeleteData == "1"
    ${NSD_Check} $DeleteDataBox
  ${EndIf}
  ${NSD_CreateLabel} 0 54u 100% 24u "$(DataWarning)"
  Pop $0
  SetCtlColors $0 "B3261E" transparent
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $DeleteDataBox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(DataConfirm)" IDYES +2
    Abort
    StrCpy $DeleteData "1"
  ${Else}
    StrCpy $DeleteData "0"
  ${EndIf}
FunctionEnd

Section "Uninstall"
  SetShellVarContext all
  Delete "$DESKTOP\${PRODUCT}.lnk"
  RMDir /r "$SMPROGRAMS\${PRODUCT}"
  RMDir /r "$INSTDIR"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
  DeleteRegKey HKLM "${SETTINGS_KEY}"
  ${If} $DeleteData == "1"
    SetShellVarContext current
    RMDir /r "${DATA_DIR}"
  ${EndIf}
SectionEnd
