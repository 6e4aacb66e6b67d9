<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmiLogWindow</name>
    <message>
        <source>All messages</source>
        <translation>全部消息</translation>
    </message>
    <message>
        <source>Sent only</source>
        <translation>仅发送</translation>
    </message>
    <message>
        <source>Received only</source>
        <translation>仅接收</translation>
    </message>
    <message>
        <source>AMI log — mypbxdesk</source>
        <translation>AMI 日志 — mypbxdesk</translation>
    </message>
    <message>
        <source>The last {count} messages between mypbxdesk and the PBX. Secrets (Secret, Key) are redacted as ********, so this log is safe to copy into a support ticket.</source>
        <translation>mypbxdesk 与 PBX 之间最近的 {count} 条消息。密钥（Secret、Key）已替换为 ********，可以放心复制到技术支持工单中。</translation>
    </message>
    <message>
        <source>Filter, e.g. Dial or 474</source>
        <translation>筛选，例如 Dial 或 474</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Stop following new messages while you read</source>
        <translation>阅读时不再自动滚动到新消息</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the messages shown (filtered) to the clipboard</source>
        <translation>将当前显示（已筛选）的消息复制到剪贴板</translation>
    </message>
    <message>
        <source>C&amp;lear view</source>
        <translation>清空视图(&amp;L)</translation>
    </message>
    <message>
        <source>Showing {shown} of {total} messages</source>
        <translation>显示 {shown} / {total} 条消息</translation>
    </message>
    <message>
        <source> — paused, {count} new</source>
        <translation> — 已暂停，{count} 条新消息</translation>
    </message>
    <message>
        <source> — paused</source>
        <translation> — 已暂停</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>mypbxdesk settings</source>
        <translation>mypbxdesk 设置</translation>
    </message>
    <message>
        <source>{error}

Please check the settings.</source>
        <translation>{error}

请检查设置。</translation>
    </message>
    <message>
        <source>Dial hotkey not available</source>
        <translation>拨号快捷键不可用</translation>
    </message>
</context>
<context>
    <name>CallInfo</name>
    <message>
        <source>Not connected to the PBX</source>
        <translation>未连接到 PBX</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Answered elsewhere</source>
        <translation>已在其他分机接听</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙线</translation>
    </message>
    <message>
        <source>Call failed</source>
        <translation>呼叫失败</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>振铃中…</translation>
    </message>
    <message>
        <source>Calling…</source>
        <translation>呼叫中…</translation>
    </message>
    <message>
        <source>Answered · {duration}</source>
        <translation>通话中 · {duration}</translation>
    </message>
    <message>
        <source>Transferred to {target}</source>
        <translation>已转接至 {target}</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <source>Call ended · {duration}</source>
        <translation>通话结束 · {duration}</translation>
    </message>
    <message>
        <source>Call ended</source>
        <translation>通话结束</translation>
    </message>
    <message>
        <source>the caller</source>
        <translation>来电方</translation>
    </message>
</context>
<context>
    <name>CallPanel</name>
    <message>
        <source>Hang up — mypbxdesk</source>
        <translation>挂断 — mypbxdesk</translation>
    </message>
    <message>
        <source>Calls — mypbxdesk</source>
        <translation>当前通话 — mypbxdesk</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>当前通话</translation>
    </message>
    <message>
        <source>Live calls</source>
        <translation>当前通话</translation>
    </message>
    <message>
        <source>No calls right now</source>
        <translation>当前没有通话</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转接…</translation>
    </message>
    <message>
        <source>Transfer the selected call</source>
        <translation>转接所选通话</translation>
    </message>
    <message>
        <source>Hang up</source>
        <translation>挂断</translation>
    </message>
    <message>
        <source>Hang up the selected call</source>
        <translation>挂断所选通话</translation>
    </message>
    <message>
        <source>Last action result</source>
        <translation>上次操作结果</translation>
    </message>
    <message>
        <source>{not_connected}: {detail}</source>
        <translation>{not_connected}：{detail}</translation>
    </message>
    <message>
        <source>Select a call first</source>
        <translation>请先选择一个通话</translation>
    </message>
    <message>
        <source>The other party&apos;s channel is not known, so it cannot be transferred</source>
        <translation>对方通道未知，无法转接</translation>
    </message>
    <message>
        <source>Send the selected call to another extension</source>
        <translation>将所选通话转接到其他分机</translation>
    </message>
    <message>
        <source>Live calls on extension {extension}</source>
        <translation>分机 {extension} 的当前通话</translation>
    </message>
    <message>
        <source>Live calls on extension {extension} — not connected</source>
        <translation>分机 {extension} 的当前通话 — 未连接</translation>
    </message>
    <message>
        <source>Hang up the call with {party}?</source>
        <translation>要挂断与 {party} 的通话吗？</translation>
    </message>
    <message>
        <source>Hanging up…</source>
        <translation>正在挂断…</translation>
    </message>
    <message>
        <source>Could not hang up: {reason}</source>
        <translation>无法挂断：{reason}</translation>
    </message>
</context>
<context>
    <name>CallTableModel</name>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>The PBX sent no name; this name is from your call history</source>
        <translation>PBX 未提供姓名；此姓名来自您的通话记录</translation>
    </message>
    <message>
        <source>From your contacts; the PBX calls it “{name}”</source>
        <translation>来自您的联系人；PBX 显示为“{name}”</translation>
    </message>
    <message>
        <source>From your contacts</source>
        <translation>来自您的联系人</translation>
    </message>
    <message>
        <source>Withheld</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>{name} (earlier call)</source>
        <translation>{name}（以往来电）</translation>
    </message>
    <message>
        <source>Incoming</source>
        <translation>呼入</translation>
    </message>
    <message>
        <source>Outgoing</source>
        <translation>呼出</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>Dialer</name>
    <message>
        <source>Not connected: the PBX refused the AMI username or secret (see Settings)</source>
        <translation>未连接：PBX 拒绝了 AMI 用户名或密钥（请查看设置）</translation>
    </message>
    <message>
        <source>Not connected to the PBX: {detail}</source>
        <translation>未连接到 PBX：{detail}</translation>
    </message>
    <message>
        <source>Connecting to the PBX…</source>
        <translation>正在连接 PBX…</translation>
    </message>
    <message>
        <source>Not connected to the PBX</source>
        <translation>未连接到 PBX</translation>
    </message>
</context>
<context>
    <name>DialerWindow</name>
    <message>
        <source>Dial — mypbxdesk</source>
        <translation>拨号 — mypbxdesk</translation>
    </message>
    <message>
        <source>Number to call</source>
        <translation>要拨打的号码</translation>
    </message>
    <message>
        <source>Number, e.g. 138 0601 2345 or tel:+1 555 010 9999</source>
        <translation>号码，例如 138 0601 2345 或 tel:+1 555 010 9999</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>拨号</translation>
    </message>
    <message>
        <source>Call this number from my phone</source>
        <translation>用我的话机拨打此号码</translation>
    </message>
    <message>
        <source>Your phone {ext} rings first; pick it up to be connected.</source>
        <translation>您的话机 {ext} 会先振铃，摘机后即可接通。</translation>
    </message>
    <message>
        <source>Set up your extension in Settings first.</source>
        <translation>请先在设置中填写您的分机号。</translation>
    </message>
    <message>
        <source>Cannot dial this: {reason}.</source>
        <translation>无法拨打：{reason}。</translation>
    </message>
    <message>
        <source>Cannot dial this: {reason}. Nothing was sent.</source>
        <translation>无法拨打：{reason}。未发送任何呼叫。</translation>
    </message>
    <message>
        <source>Sending the call to the PBX: {number}…</source>
        <translation>正在向 PBX 发起呼叫：{number}…</translation>
    </message>
    <message>
        <source>The call was not placed: {reason}.</source>
        <translation>呼叫未发出：{reason}。</translation>
    </message>
</context>
<context>
    <name>GlobalHotkey</name>
    <message>
        <source>Wayland does not let applications watch keys pressed in other windows. Instead, add a shortcut in your desktop&apos;s keyboard settings that runs “{command}”, or use “Dial clipboard” in the tray menu.</source>
        <translation>Wayland 不允许应用程序监听其他窗口中的按键。请在桌面的键盘设置中添加一个运行“{command}”的快捷键，或使用托盘菜单中的“拨打剪贴板号码”。</translation>
    </message>
    <message>
        <source>This display (“{platform}”) has no keyboard to watch.</source>
        <translation>此显示环境（“{platform}”）没有可监听的键盘。</translation>
    </message>
    <message>
        <source>No hotkey set.</source>
        <translation>未设置快捷键。</translation>
    </message>
    <message>
        <source>Global hotkeys could not be set up here ({reason}).</source>
        <translation>无法在此设置全局快捷键（{reason}）。</translation>
    </message>
    <message>
        <source>{chord} is already used by another program or by the desktop. Choose another combination.</source>
        <translation>{chord} 已被其他程序或桌面占用。请选择其他组合键。</translation>
    </message>
    <message>
        <source>{chord} could not be set up ({reason}).</source>
        <translation>无法设置 {chord}（{reason}）。</translation>
    </message>
    <message>
        <source>Active: select or copy a number anywhere, then press {chord} to dial it.</source>
        <translation>已启用：在任意位置选中或复制一个号码，然后按 {chord} 即可拨打。</translation>
    </message>
</context>
<context>
    <name>HistoryWindow</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>号码</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>Missed</source>
        <translation>未接</translation>
    </message>
    <message>
        <source>Answered elsewhere</source>
        <translation>已在其他分机接听</translation>
    </message>
    <message>
        <source>Transferred</source>
        <translation>已转接</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙线</translation>
    </message>
    <message>
        <source>Ringing…</source>
        <translation>振铃中…</translation>
    </message>
    <message>
        <source>In call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>Transferred to {target}</source>
        <translation>已转接至 {target}</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>无人接听</translation>
    </message>
    <message>
        <source>Yesterday {time}</source>
        <translation>昨天 {time}</translation>
    </message>
    <message>
        <source>Call history — mypbxdesk</source>
        <translation>通话记录 — mypbxdesk</translation>
    </message>
    <message>
        <source>&amp;Missed only</source>
        <translation>仅显示未接来电(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Call back</source>
        <translation>回拨(&amp;C)</translation>
    </message>
    <message>
        <source>↙ In</source>
        <translation>↙ 呼入</translation>
    </message>
    <message>
        <source>↗ Out</source>
        <translation>↗ 呼出</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>Outgoing call</source>
        <translation>去电</translation>
    </message>
    <message>
        <source>The call history is not available on this computer.</source>
        <translation>此电脑上的通话记录不可用。</translation>
    </message>
    <message>
        <source>No missed calls.</source>
        <translation>没有未接来电。</translation>
    </message>
    <message>
        <source>No calls yet.
Calls to and from extension {extension} will appear here.</source>
        <translation>暂无通话。
分机 {extension} 的来电和去电将显示在这里。</translation>
    </message>
    <message>
        <source>No calls yet.
Calls to and from your phone will appear here.</source>
        <translation>暂无通话。
您话机的来电和去电将显示在这里。</translation>
    </message>
</context>
<context>
    <name>MoreFields</name>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>When I click “Open CRM” in the pop-up</source>
        <translation>在弹窗中点击“打开 CRM”时</translation>
    </message>
    <message>
        <source>Automatically when a call rings</source>
        <translation>来电振铃时自动打开</translation>
    </message>
    <message>
        <source>Contacts, CRM and shortcuts</source>
        <translation>联系人、CRM 和快捷键</translation>
    </message>
    <message>
        <source>automatic ({region})</source>
        <translation>自动（{region}）</translation>
    </message>
    <message>
        <source>Country for &amp;numbers:</source>
        <translation>号码所属国家(&amp;N)：</translation>
    </message>
    <message>
        <source>Two letters (CN, DE, US …): how numbers without a country code are read when matching callers to contacts.</source>
        <translation>两个字母（CN、DE、US …）：将来电与联系人匹配时，如何解读不带国家代码的号码。</translation>
    </message>
    <message>
        <source>&amp;Import contacts…</source>
        <translation>导入联系人(&amp;I)…</translation>
    </message>
    <message>
        <source>Contacts:</source>
        <translation>联系人：</translation>
    </message>
    <message>
        <source>Open the CRM:</source>
        <translation>打开 CRM：</translation>
    </message>
    <message>
        <source>CRM &amp;command:</source>
        <translation>CRM 命令(&amp;C)：</translation>
    </message>
    <message>
        <source>A program to run with the caller: {number} and {name} become separate arguments. Never run through a shell.</source>
        <translation>以来电方信息运行的程序：{number} 和 {name} 作为独立参数传入，绝不通过 shell 运行。</translation>
    </message>
    <message>
        <source>Click here and press the keys, e.g. Ctrl+Alt+D; clear to turn the hotkey off</source>
        <translation>点击此处并按下组合键，例如 Ctrl+Alt+D；清空即可关闭快捷键</translation>
    </message>
    <message>
        <source>Dial &amp;hotkey:</source>
        <translation>拨号快捷键(&amp;H)：</translation>
    </message>
    <message>
        <source>Not available here: {reason}</source>
        <translation>此处不可用：{reason}</translation>
    </message>
    <message>
        <source>Click the field and press keys such as Ctrl+Alt+D. Then select or copy a number anywhere and press them to dial it.</source>
        <translation>点击输入框并按下组合键，例如 Ctrl+Alt+D。之后在任意位置选中或复制一个号码，按下该组合键即可拨打。</translation>
    </message>
    <message>
        <source>Save to start using {chord}.</source>
        <translation>保存后即可使用 {chord}。</translation>
    </message>
    <message>
        <source>the CRM command has unbalanced quotes ({reason})</source>
        <translation>CRM 命令中的引号不成对（{reason}）</translation>
    </message>
    <message>
        <source>1 contact stored (CSV or vCard files)</source>
        <translation>已保存 1 位联系人（CSV 或 vCard 文件）</translation>
    </message>
    <message>
        <source>{count} contacts stored (CSV or vCard files)</source>
        <translation>已保存 {count} 位联系人（CSV 或 vCard 文件）</translation>
    </message>
    <message>
        <source>Import contacts</source>
        <translation>导入联系人</translation>
    </message>
    <message>
        <source>Contacts (*.csv *.vcf *.vcard *.txt);;All files (*)</source>
        <translation>联系人 (*.csv *.vcf *.vcard *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Nothing was imported: {reason}</source>
        <translation>未导入任何内容：{reason}</translation>
    </message>
    <message>
        <source>Imported {count} contacts. {stored}</source>
        <translation>已导入 {count} 位联系人。{stored}</translation>
    </message>
</context>
<context>
    <name>PopManager</name>
    <message>
        <source>number withheld</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>Incoming call</source>
        <translation>来电</translation>
    </message>
    <message>
        <source>{name} — {number}</source>
        <translation>{name} — {number}</translation>
    </message>
</context>
<context>
    <name>ScreenPop</name>
    <message>
        <source>Call — mypbxdesk</source>
        <translation>通话 — mypbxdesk</translation>
    </message>
    <message>
        <source>Call direction</source>
        <translation>通话方向</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Caller name</source>
        <translation>来电姓名</translation>
    </message>
    <message>
        <source>Name source</source>
        <translation>姓名来源</translation>
    </message>
    <message>
        <source>name from call history</source>
        <translation>姓名来自通话记录</translation>
    </message>
    <message>
        <source>The PBX sent no name; this name is from your call history</source>
        <translation>PBX 未提供姓名；此姓名来自您的通话记录</translation>
    </message>
    <message>
        <source>Caller number</source>
        <translation>来电号码</translation>
    </message>
    <message>
        <source>Call status</source>
        <translation>通话状态</translation>
    </message>
    <message>
        <source>Transfer…</source>
        <translation>转接…</translation>
    </message>
    <message>
        <source>Transfer call</source>
        <translation>转接通话</translation>
    </message>
    <message>
        <source>Copy number</source>
        <translation>复制号码</translation>
    </message>
    <message>
        <source>Open CRM</source>
        <translation>打开 CRM</translation>
    </message>
    <message>
        <source>Open the caller in the CRM</source>
        <translation>在 CRM 中打开来电方</translation>
    </message>
    <message>
        <source>Incoming call · via {trunk}</source>
        <translation>来电 · 经由 {trunk}</translation>
    </message>
    <message>
        <source>Outgoing call · via {trunk}</source>
        <translation>去电 · 经由 {trunk}</translation>
    </message>
    <message>
        <source>Incoming internal call</source>
        <translation>内部来电</translation>
    </message>
    <message>
        <source>Outgoing internal call</source>
        <translation>内部去电</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>from your contacts · caller ID “{name}”</source>
        <translation>来自您的联系人 · 来电显示“{name}”</translation>
    </message>
    <message>
        <source>Your contact for this number; the PBX calls it “{name}”</source>
        <translation>此号码对应您的联系人；PBX 显示为“{name}”</translation>
    </message>
    <message>
        <source>name from your contacts</source>
        <translation>姓名来自联系人</translation>
    </message>
    <message>
        <source>This name is from your imported contacts</source>
        <translation>此名称来自您导入的联系人</translation>
    </message>
    <message>
        <source>Number withheld</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>Incoming call: {name}, {number}</source>
        <translation>来电：{name}，{number}</translation>
    </message>
    <message>
        <source>Outgoing call: {name}, {number}</source>
        <translation>去电：{name}，{number}</translation>
    </message>
    <message>
        <source>number withheld</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>The call has ended</source>
        <translation>通话已结束</translation>
    </message>
    <message>
        <source>The other party&apos;s channel is not known, so it cannot be transferred</source>
        <translation>对方通道未知，无法转接</translation>
    </message>
    <message>
        <source>Send this call to another extension</source>
        <translation>将此通话转接到其他分机</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Analog (DAHDI)</source>
        <translation>模拟 (DAHDI)</translation>
    </message>
    <message>
        <source>PBX host</source>
        <translation>PBX 主机</translation>
    </message>
    <message>
        <source>port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>AMI username</source>
        <translation>AMI 用户名</translation>
    </message>
    <message>
        <source>AMI secret</source>
        <translation>AMI 密钥</translation>
    </message>
    <message>
        <source>my extension</source>
        <translation>我的分机</translation>
    </message>
    <message>
        <source>analog port</source>
        <translation>模拟端口</translation>
    </message>
    <message>
        <source>dial context</source>
        <translation>拨号上下文</translation>
    </message>
    <message>
        <source>CRM link</source>
        <translation>CRM 链接</translation>
    </message>
    <message>
        <source>country for numbers</source>
        <translation>号码所属国家</translation>
    </message>
    <message>
        <source>CRM mode</source>
        <translation>CRM 模式</translation>
    </message>
    <message>
        <source>CRM command</source>
        <translation>CRM 命令</translation>
    </message>
    <message>
        <source>Bottom right</source>
        <translation>右下角</translation>
    </message>
    <message>
        <source>Bottom left</source>
        <translation>左下角</translation>
    </message>
    <message>
        <source>Top right</source>
        <translation>右上角</translation>
    </message>
    <message>
        <source>Top left</source>
        <translation>左上角</translation>
    </message>
    <message>
        <source>Welcome — connect mypbxdesk to your phone system</source>
        <translation>欢迎使用 — 将 mypbxdesk 连接到您的电话系统</translation>
    </message>
    <message>
        <source>Welcome to mypbxdesk</source>
        <translation>欢迎使用 mypbxdesk</translation>
    </message>
    <message>
        <source>Settings — mypbxdesk</source>
        <translation>设置 — mypbxdesk</translation>
    </message>
    <message>
        <source>Your IT administrator can tell you these values. On a MyPBX they are under System › Preference › AMI settings.</source>
        <translation>这些参数可向您的 IT 管理员索取。在 MyPBX 上，它们位于“系统 › 偏好设置 › AMI 设置”。</translation>
    </message>
    <message>
        <source>Phone system (AMI)</source>
        <translation>电话系统 (AMI)</translation>
    </message>
    <message>
        <source>192.168.5.142 or pbx.example.com</source>
        <translation>192.168.5.142 或 pbx.example.com</translation>
    </message>
    <message>
        <source>PBX &amp;host:</source>
        <translation>PBX 主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>AMI &amp;username:</source>
        <translation>AMI 用户名(&amp;U)：</translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation>未更改</translation>
    </message>
    <message>
        <source>AMI &amp;secret:</source>
        <translation>AMI 密钥(&amp;S)：</translation>
    </message>
    <message>
        <source>Leave empty to keep the current secret.</source>
        <translation>留空则保留当前密钥。</translation>
    </message>
    <message>
        <source>Encrypted connection (TLS)</source>
        <translation>加密连接 (TLS)</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
    </message>
    <message>
        <source>My phone</source>
        <translation>我的话机</translation>
    </message>
    <message>
        <source>e.g. 474</source>
        <translation>例如 474</translation>
    </message>
    <message>
        <source>My &amp;extension:</source>
        <translation>我的分机(&amp;E)：</translation>
    </message>
    <message>
        <source>Phone t&amp;ype:</source>
        <translation>话机类型(&amp;Y)：</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>Analog &amp;port (DAHDI):</source>
        <translation>模拟端口 (DAHDI)(&amp;P)：</translation>
    </message>
    <message>
        <source>Dial &amp;context:</source>
        <translation>拨号上下文(&amp;C)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>How long your phone rings when you click to dial, before the call is given up</source>
        <translation>点击拨号后，您的话机振铃多久无人接听即放弃呼叫</translation>
    </message>
    <message>
        <source>&amp;Ring timeout:</source>
        <translation>振铃超时(&amp;R)：</translation>
    </message>
    <message>
        <source>Pop-up</source>
        <translation>来电弹窗</translation>
    </message>
    <message>
        <source>Pop-up c&amp;orner:</source>
        <translation>弹窗位置(&amp;O)：</translation>
    </message>
    <message>
        <source>CR&amp;M link:</source>
        <translation>CRM 链接(&amp;M)：</translation>
    </message>
    <message>
        <source>Opened from the pop-up; {number} and {name} are filled in.</source>
        <translation>从来电弹窗中打开；{number} 和 {name} 会自动填入。</translation>
    </message>
    <message>
        <source>Start mypbxdesk when I log in</source>
        <translation>登录时启动 mypbxdesk</translation>
    </message>
    <message>
        <source>Adds mypbxdesk to your login items when you save (it starts in the tray)</source>
        <translation>保存时将 mypbxdesk 添加到登录启动项（启动后位于系统托盘）</translation>
    </message>
    <message>
        <source>enter the AMI port (usually 5038)</source>
        <translation>请输入 AMI 端口（通常为 5038）</translation>
    </message>
    <message>
        <source>the CRM link may only contain {number} and {name}</source>
        <translation>CRM 链接只能包含 {number} 和 {name}</translation>
    </message>
    <message>
        <source>enter the AMI secret (password)</source>
        <translation>请输入 AMI 密钥（密码）</translation>
    </message>
    <message>
        <source>Calls are dialled in {context}</source>
        <translation>呼叫将在 {context} 中拨出</translation>
    </message>
    <message>
        <source>Use {extension} where your extension number goes.</source>
        <translation>在需要填写分机号的位置使用 {extension}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Still needed: {fields}.</source>
        <translation>尚需填写：{fields}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Correct the fields marked in red to save.</source>
        <translation>请更正红色标记的字段后再保存。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>the test failed: {error}</source>
        <translation>测试失败：{error}</translation>
    </message>
    <message>
        <source>Store the secret in the settings file?</source>
        <translation>将密钥保存在设置文件中？</translation>
    </message>
    <message>
        <source>{why}

Store the AMI secret in {path} (readable only by you)?

If you choose No, mypbxdesk connects now, but you must give the secret again when it next starts (or set {env}).</source>
        <translation>{why}

是否将 AMI 密钥保存在 {path} 中（仅您本人可读）？

如果选择“否”，mypbxdesk 现在会连接，但下次启动时您需要再次输入密钥（或设置 {env}）。</translation>
    </message>
    <message>
        <source>this computer has no keyring</source>
        <translation>此电脑没有密钥环</translation>
    </message>
    <message>
        <source>This computer has no keyring to keep the secret safe.</source>
        <translation>此电脑没有可安全保存密钥的密钥环。</translation>
    </message>
    <message>
        <source>The system keyring refused the secret.</source>
        <translation>系统密钥环拒绝保存该密钥。</translation>
    </message>
    <message>
        <source>the system keyring refused it</source>
        <translation>系统密钥环拒绝保存</translation>
    </message>
    <message>
        <source>the settings could not be saved: {reason}</source>
        <translation>无法保存设置：{reason}</translation>
    </message>
    <message>
        <source>The secret is stored in the system keyring.</source>
        <translation>密钥已保存在系统密钥环中。</translation>
    </message>
    <message>
        <source>The secret is stored in {path} (readable only by you) because {why}.</source>
        <translation>密钥已保存在 {path} 中（仅您本人可读），原因：{why}。</translation>
    </message>
    <message>
        <source>The secret was not stored: give it again when mypbxdesk next starts (or set {env}).</source>
        <translation>密钥未保存：下次启动 mypbxdesk 时请再次输入（或设置 {env}）。</translation>
    </message>
    <message>
        <source>The secret comes from {env}.</source>
        <translation>密钥来自 {env}。</translation>
    </message>
    <message>
        <source>No secret is stored.</source>
        <translation>未保存密钥。</translation>
    </message>
    <message>
        <source>Settings saved. {note}</source>
        <translation>设置已保存。{note}</translation>
    </message>
</context>
<context>
    <name>StatusWindow</name>
    <message>
        <source>Dial…</source>
        <translation>拨号…</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>当前通话</translation>
    </message>
    <message>
        <source>History</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>AMI log</source>
        <translation>AMI 日志</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Dial clipboard</source>
        <translation>拨打剪贴板号码</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>免打扰</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <source>An extension has digits only: {letter} is a letter.</source>
        <translation>分机号只能包含数字：{letter} 是字母。</translation>
    </message>
    <message>
        <source>An extension is 1 to 10 digits.</source>
        <translation>分机号为 1 到 10 位数字。</translation>
    </message>
    <message>
        <source>{extension} is your own extension.</source>
        <translation>{extension} 是您自己的分机。</translation>
    </message>
    <message>
        <source>Transfer call — mypbxdesk</source>
        <translation>转接通话 — mypbxdesk</translation>
    </message>
    <message>
        <source>Transfer call</source>
        <translation>转接通话</translation>
    </message>
    <message>
        <source>Transfer {party} to:</source>
        <translation>将 {party} 转接至：</translation>
    </message>
    <message>
        <source>Transfer to extension</source>
        <translation>转接到分机</translation>
    </message>
    <message>
        <source>Extension, e.g. 306</source>
        <translation>分机号，例如 306</translation>
    </message>
    <message>
        <source>Transfer problem</source>
        <translation>转接问题</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Transfer the call</source>
        <translation>转接此通话</translation>
    </message>
    <message>
        <source>Extension:</source>
        <translation>分机：</translation>
    </message>
    <message>
        <source>This call has ended.</source>
        <translation>此通话已结束。</translation>
    </message>
    <message>
        <source>{not_connected}.</source>
        <translation>{not_connected}。</translation>
    </message>
    <message>
        <source>Type an extension</source>
        <translation>请输入分机号</translation>
    </message>
    <message>
        <source>Transferring to {target}…</source>
        <translation>正在转接至 {target}…</translation>
    </message>
    <message>
        <source>Transfer failed: {reason}</source>
        <translation>转接失败：{reason}</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Connected as extension {ext} ({where})</source>
        <translation>已连接，分机 {ext}（{where}）</translation>
    </message>
    <message>
        <source>Connecting to the PBX at {where}…</source>
        <translation>正在连接 PBX {where}…</translation>
    </message>
    <message>
        <source>Wrong AMI username or password — open Settings to fix it</source>
        <translation>AMI 用户名或密码错误 — 请打开设置进行修改</translation>
    </message>
    <message>
        <source>connection lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>PBX unreachable</source>
        <translation>无法访问 PBX</translation>
    </message>
    <message>
        <source>Not an AMI service</source>
        <translation>不是 AMI 服务</translation>
    </message>
    <message>
        <source>Disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>{head}: {reason} — reconnecting in {seconds} s</source>
        <translation>{head}：{reason} — {seconds} 秒后重新连接</translation>
    </message>
    <message>
        <source>Not set up yet — open Settings</source>
        <translation>尚未设置 — 请打开设置</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Dial…</source>
        <translation>拨号…</translation>
    </message>
    <message>
        <source>Dial clipboard</source>
        <translation>拨打剪贴板号码</translation>
    </message>
    <message>
        <source>Calls</source>
        <translation>当前通话</translation>
    </message>
    <message>
        <source>History</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Dial the number you selected (Linux/X11) or copied</source>
        <translation>拨打您选中（Linux/X11）或复制的号码</translation>
    </message>
    <message>
        <source>Do not disturb (no pops)</source>
        <translation>免打扰（不弹窗）</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>AMI log</source>
        <translation>AMI 日志</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>立即重新连接</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>mypbxdesk — {status}</source>
        <translation>mypbxdesk — {status}</translation>
    </message>
</context>
<context>
    <name>_StatusTracker</name>
    <message>
        <source> — do not disturb: pops are muted</source>
        <translation> — 免打扰：来电弹窗已静音</translation>
    </message>
</context>
</TS>
