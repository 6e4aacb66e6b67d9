<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AmiLogWindow</name>
    <message>
        <source>sent</source>
        <extracomment>The header&apos;s direction word, in the user&apos;s language (&quot;← received Dial&quot;).</extracomment>
        <translation>发送</translation>
    </message>
    <message>
        <source>received</source>
        <translation>收到</translation>
    </message>
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
        <source>mypbxdesk is running in the tray, next to the clock. Click its icon to dial; calls pop up by themselves.</source>
        <extracomment>The app lives in the tray (else in the status window), for :meth:`say_where`.</extracomment>
        <translation>mypbxdesk 正在系统托盘（时钟旁边）中运行。点击它的图标即可拨号；来电会自动弹出。</translation>
    </message>
    <message>
        <source>mypbxdesk is running in its small status window. Calls pop up by themselves.</source>
        <translation>mypbxdesk 正在它的小状态窗口中运行。来电会自动弹出。</translation>
    </message>
    <message>
        <source>mypbxdesk is ready</source>
        <translation>mypbxdesk 已就绪</translation>
    </message>
    <message>
        <source>Call history</source>
        <translation>通话记录</translation>
    </message>
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
        <source>Withheld number</source>
        <translation>隐藏号码</translation>
    </message>
    <message>
        <source>Missed</source>
        <extracomment>What PBXs and trunks put where a withheld caller&apos;s name or number would be: not a name to show (compared case-insensitively).</extracomment>
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
        <source>Unknown caller</source>
        <translation>未知来电</translation>
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
        <source>the withheld caller</source>
        <translation>隐藏号码的来电者</translation>
    </message>
    <message>
        <source>the caller</source>
        <translation>来电方</translation>
    </message>
    <message>
        <source>queue {number}</source>
        <translation>队列 {number}</translation>
    </message>
    <message>
        <source>{queue} queue</source>
        <translation>{queue} 队列</translation>
    </message>
    <message>
        <source>ring group</source>
        <translation>响铃组</translation>
    </message>
    <message>
        <source>ring group {number}</source>
        <translation>响铃组 {number}</translation>
    </message>
    <message>
        <source>{number} (DID)</source>
        <translation>{number}（直拨号码）</translation>
    </message>
    <message>
        <source>via {route}</source>
        <translation>经由 {route}</translation>
    </message>
    <message>
        <source>transferred by {name}</source>
        <translation>由 {name} 转接</translation>
    </message>
    <message>
        <source>transferred by {name} ({number})</source>
        <translation>由 {name}（{number}）转接</translation>
    </message>
    <message>
        <source>transferred by {number}</source>
        <translation>由 {number} 转接</translation>
    </message>
    <message>
        <source>DID</source>
        <translation>直拨号码</translation>
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
        <source>Via</source>
        <translation>来源</translation>
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
    <name>ConsoleActions</name>
    <message>
        <source>Transferring to {target}…</source>
        <translation>正在转接至 {target}…</translation>
    </message>
    <message>
        <source>Could not transfer: {reason}</source>
        <translation>无法转接：{reason}</translation>
    </message>
    <message>
        <source>Calling {target} while the caller waits…</source>
        <translation>正在呼叫 {target}，来电方等待中…</translation>
    </message>
    <message>
        <source>Could not start the attended transfer: {reason}</source>
        <translation>无法开始咨询转接：{reason}</translation>
    </message>
    <message>
        <source>Handing the caller over…</source>
        <translation>正在转交来电方…</translation>
    </message>
    <message>
        <source>Could not complete the transfer: {reason}</source>
        <translation>无法完成转接：{reason}</translation>
    </message>
    <message>
        <source>Back to the caller…</source>
        <translation>正在返回来电方…</translation>
    </message>
    <message>
        <source>Could not go back to the caller: {reason}</source>
        <translation>无法返回来电方：{reason}</translation>
    </message>
    <message>
        <source>Parking the call…</source>
        <translation>正在停泊通话…</translation>
    </message>
    <message>
        <source>Could not park the call: {reason}</source>
        <translation>无法停泊通话：{reason}</translation>
    </message>
    <message>
        <source>Picking up the call ringing on {extension}: your phone rings…</source>
        <translation>正在代接 {extension} 上的来电：您的话机即将响铃…</translation>
    </message>
    <message>
        <source>Could not pick up: {reason}</source>
        <translation>无法代接：{reason}</translation>
    </message>
    <message>
        <source>Taking back the call parked on {slot}…</source>
        <translation>正在取回停泊在 {slot} 的通话…</translation>
    </message>
    <message>
        <source>Could not take back the parked call: {reason}</source>
        <translation>无法取回停泊的通话：{reason}</translation>
    </message>
    <message>
        <source>Pausing you in your queues…</source>
        <translation>正在将您在队列中暂停…</translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation>正在恢复…</translation>
    </message>
    <message>
        <source>Could not change your pause: {reason}</source>
        <translation>无法更改暂停状态：{reason}</translation>
    </message>
    <message>
        <source>Joining {queue}…</source>
        <translation>正在加入 {queue}…</translation>
    </message>
    <message>
        <source>Could not join the queue: {reason}</source>
        <translation>无法加入队列：{reason}</translation>
    </message>
    <message>
        <source>Leaving {queue}…</source>
        <translation>正在退出 {queue}…</translation>
    </message>
    <message>
        <source>Could not leave the queue: {reason}</source>
        <translation>无法退出队列：{reason}</translation>
    </message>
    <message>
        <source>Calling your voicemail…</source>
        <translation>正在呼叫您的语音信箱…</translation>
    </message>
    <message>
        <source>Could not call your voicemail: {reason}</source>
        <translation>无法呼叫语音信箱：{reason}</translation>
    </message>
    <message>
        <source>Calling {number} from your phone…</source>
        <translation>正在用您的话机呼叫 {number}…</translation>
    </message>
    <message>
        <source>The call was not placed: {reason}</source>
        <translation>呼叫未发出：{reason}</translation>
    </message>
</context>
<context>
    <name>ConsoleCommands</name>
    <message>
        <source>Calls from your phone</source>
        <extracomment>What each feature is called in the permissions line.</extracomment>
        <translation>用话机拨打</translation>
    </message>
    <message>
        <source>Transfer</source>
        <translation>转接</translation>
    </message>
    <message>
        <source>Attended transfer</source>
        <translation>咨询转接</translation>
    </message>
    <message>
        <source>Park</source>
        <translation>停泊</translation>
    </message>
    <message>
        <source>Pick up</source>
        <translation>代接</translation>
    </message>
    <message>
        <source>Colleagues&apos; lines</source>
        <translation>同事线路状态</translation>
    </message>
    <message>
        <source>Queues</source>
        <translation>队列</translation>
    </message>
    <message>
        <source>Voicemail count</source>
        <translation>语音留言数</translation>
    </message>
    <message>
        <source>{feature}: {reason}</source>
        <translation>{feature}：{reason}</translation>
    </message>
</context>
<context>
    <name>ConsoleLook</name>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>Ringing</source>
        <translation>振铃中</translation>
    </message>
    <message>
        <source>In a call</source>
        <translation>通话中</translation>
    </message>
    <message>
        <source>In a call and ringing</source>
        <translation>通话中且有来电振铃</translation>
    </message>
    <message>
        <source>On hold</source>
        <translation>保持中</translation>
    </message>
    <message>
        <source>Busy</source>
        <translation>忙</translation>
    </message>
    <message>
        <source>Unavailable</source>
        <translation>不可用</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>from {party}</source>
        <translation>来电：{party}</translation>
    </message>
    <message>
        <source>with {party}</source>
        <translation>对方：{party}</translation>
    </message>
    <message>
        <source>{days} d</source>
        <translation>{days} 天</translation>
    </message>
    <message>
        <source>less than a minute</source>
        <translation>不到 1 分钟</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分钟</translation>
    </message>
    <message>
        <source>{n} minutes</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>{n} hours</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{state} {party}</source>
        <translation>{state}，{party}</translation>
    </message>
    <message>
        <source>{who}, {state}</source>
        <translation>{who}，{state}</translation>
    </message>
    <message>
        <source>{who}, {state}, {time}</source>
        <translation>{who}，{state}，{time}</translation>
    </message>
</context>
<context>
    <name>ConsolePanels</name>
    <message>
        <source>Console — mypbxdesk</source>
        <translation>话务台 — mypbxdesk</translation>
    </message>
    <message>
        <source>Receptionist console</source>
        <translation>前台话务台</translation>
    </message>
    <message>
        <source>Search colleagues</source>
        <translation>搜索同事</translation>
    </message>
    <message>
        <source>Name, extension or number</source>
        <translation>姓名、分机号或号码</translation>
    </message>
    <message>
        <source>Type to find a colleague (arrows move between them), or a number to call or transfer to; Enter acts</source>
        <translation>输入以查找同事（方向键在同事间移动），或输入要拨打、转接的号码；按 Enter 执行</translation>
    </message>
    <message>
        <source>Dial…</source>
        <translation>拨号…</translation>
    </message>
    <message>
        <source>Open the dialer</source>
        <translation>打开拨号窗口</translation>
    </message>
    <message>
        <source>History</source>
        <translation>通话记录</translation>
    </message>
    <message>
        <source>Open the call history</source>
        <translation>打开通话记录</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <source>Open the settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <source>Permissions</source>
        <translation>权限</translation>
    </message>
    <message>
        <source>Colleagues</source>
        <translation>同事</translation>
    </message>
    <message>
        <source>Transfer (Enter)</source>
        <translation>转接 (Enter)</translation>
    </message>
    <message>
        <source>Transfer or call</source>
        <translation>转接或拨打</translation>
    </message>
    <message>
        <source>Attended transfer (F2)</source>
        <translation>咨询转接 (F2)</translation>
    </message>
    <message>
        <source>Attended transfer</source>
        <translation>咨询转接</translation>
    </message>
    <message>
        <source>Park (F3)</source>
        <translation>停泊 (F3)</translation>
    </message>
    <message>
        <source>Park the call</source>
        <translation>停泊通话</translation>
    </message>
    <message>
        <source>Pick up (F4)</source>
        <translation>代接 (F4)</translation>
    </message>
    <message>
        <source>Pick up the colleague&apos;s ringing call</source>
        <translation>代接同事的振铃来电</translation>
    </message>
    <message>
        <source>My calls</source>
        <translation>我的通话</translation>
    </message>
    <message>
        <source>No calls right now</source>
        <translation>当前没有通话</translation>
    </message>
    <message>
        <source>Parked calls</source>
        <translation>停泊的通话</translation>
    </message>
    <message>
        <source>No parked calls</source>
        <translation>没有停泊的通话</translation>
    </message>
    <message>
        <source>Retrieve (F5)</source>
        <translation>取回 (F5)</translation>
    </message>
    <message>
        <source>Take back a parked call</source>
        <translation>取回停泊的通话</translation>
    </message>
    <message>
        <source>My queues</source>
        <translation>我的队列</translation>
    </message>
    <message>
        <source>Last action result</source>
        <translation>上一操作的结果</translation>
    </message>
</context>
<context>
    <name>ConsoleRules</name>
    <message>
        <source>No colleague matches “{text}”, and it is not a number</source>
        <translation>没有与“{text}”匹配的同事，它也不是号码</translation>
    </message>
    <message>
        <source>Pick a colleague or type a number first</source>
        <translation>请先选择同事或输入号码</translation>
    </message>
    <message>
        <source>You have no call right now</source>
        <translation>您当前没有通话</translation>
    </message>
    <message>
        <source>A transfer is under way: Ctrl+Enter completes it, Esc goes back</source>
        <translation>转接正在进行：按 Ctrl+Enter 完成，按 Esc 返回</translation>
    </message>
    <message>
        <source>Answer a call first: an attended transfer starts from a call you talk in</source>
        <translation>请先接听来电：咨询转接需从您正在进行的通话开始</translation>
    </message>
    <message>
        <source>Pick the colleague whose phone rings</source>
        <translation>请选择话机正在振铃的同事</translation>
    </message>
    <message>
        <source>{extension} is not ringing</source>
        <translation>{extension} 没有振铃</translation>
    </message>
    <message>
        <source>No call is parked</source>
        <translation>没有停泊的通话</translation>
    </message>
    <message>
        <source>You are not in a queue</source>
        <translation>您不在任何队列中</translation>
    </message>
    <message>
        <source>The PBX reported no queues</source>
        <translation>PBX 未报告任何队列</translation>
    </message>
    <message>
        <source>You are in {queue} already</source>
        <translation>您已在 {queue} 中</translation>
    </message>
    <message>
        <source>You are not in {queue}</source>
        <translation>您不在 {queue} 中</translation>
    </message>
    <message>
        <source>Calls your voicemail. No message count: {reason}</source>
        <translation>呼叫您的语音信箱。无法获取留言数：{reason}</translation>
    </message>
    <message>
        <source>Call your voicemail from your phone</source>
        <translation>用您的话机呼叫语音信箱</translation>
    </message>
    <message>
        <source>No colleagues yet: the PBX has not reported any extension</source>
        <translation>暂无同事：PBX 尚未报告任何分机</translation>
    </message>
    <message>
        <source>No colleague matches. Enter transfers your call to {number}</source>
        <translation>没有匹配的同事。按 Enter 将通话转接至 {number}</translation>
    </message>
    <message>
        <source>No colleague matches. Enter calls {number}</source>
        <translation>没有匹配的同事。按 Enter 拨打 {number}</translation>
    </message>
</context>
<context>
    <name>ConsoleWindow</name>
    <message>
        <source>Talk to the colleague first while the caller waits</source>
        <translation>来电方等待时，先与同事通话</translation>
    </message>
    <message>
        <source>Park your current call; the status line names the slot</source>
        <translation>停泊当前通话；状态栏会显示停泊位</translation>
    </message>
    <message>
        <source>Take the call ringing on the selected colleague&apos;s phone</source>
        <translation>代接所选同事话机上正在振铃的来电</translation>
    </message>
    <message>
        <source>Your phone rings; pick it up for the parked call</source>
        <translation>您的话机会响铃；拿起话机即可接回停泊的通话</translation>
    </message>
    <message>
        <source>Stop (or start again) getting queue calls</source>
        <translation>停止（或重新开始）接听队列来电</translation>
    </message>
    <message>
        <source>Become a member of the chosen queue</source>
        <translation>加入所选队列</translation>
    </message>
    <message>
        <source>Leave the chosen queue</source>
        <translation>退出所选队列</translation>
    </message>
    <message>
        <source>Hand the caller over to the colleague</source>
        <translation>将来电方转给同事</translation>
    </message>
    <message>
        <source>End the consultation; you talk to the caller again</source>
        <translation>结束咨询；重新与来电方通话</translation>
    </message>
    <message>
        <source>Send your current call to the selected colleague or number</source>
        <translation>将当前通话转接给所选同事或号码</translation>
    </message>
    <message>
        <source>Call the selected colleague or the number from your phone</source>
        <translation>用您的话机拨打所选同事或号码</translation>
    </message>
    <message>
        <source>Transfer (Enter)</source>
        <translation>转接 (Enter)</translation>
    </message>
    <message>
        <source>Call (Enter)</source>
        <translation>拨打 (Enter)</translation>
    </message>
    <message>
        <source>The PBX refuses some features to this AMI user:
{summary}</source>
        <translation>PBX 拒绝此 AMI 用户使用以下功能：
{summary}</translation>
    </message>
</context>
<context>
    <name>Dialer</name>
    <message>
        <source>Not connected: {detail} (see Settings)</source>
        <translation>未连接：{detail}（请查看设置）</translation>
    </message>
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
        <source>Number, e.g. 138 0601 2345</source>
        <translation>号码，例如 138 0601 2345</translation>
    </message>
    <message>
        <source>A number, or a tel: link such as tel:+1 555 010 9999</source>
        <translation>号码，或 tel: 链接，例如 tel:+1 555 010 9999</translation>
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
        <source>Next: {number}, once the call being placed is through.</source>
        <translation>下一个：{number}，当前呼叫发出后立即拨打。</translation>
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
        <source>Note: {note}.</source>
        <translation>注意：{note}。</translation>
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
        <source>Direction</source>
        <translation>方向</translation>
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
        <source>Via</source>
        <translation>来源</translation>
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
        <source>App stopped</source>
        <translation>程序已退出</translation>
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
    <name>Messages</name>
    <message>
        <source>not started</source>
        <translation>尚未启动</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>the computer resumed from sleep; reconnecting</source>
        <translation>电脑已从睡眠中唤醒，正在重新连接</translation>
    </message>
    <message>
        <source>settings changed; reconnecting</source>
        <translation>设置已更改，正在重新连接</translation>
    </message>
    <message>
        <source>not connected to the PBX ({detail})</source>
        <translation>未连接到 PBX（{detail}）</translation>
    </message>
    <message>
        <source>connecting to {address}</source>
        <translation>正在连接 {address}</translation>
    </message>
    <message>
        <source>wrong AMI username or secret for {username}@{address}</source>
        <translation>{username}@{address} 的 AMI 用户名或密钥错误</translation>
    </message>
    <message>
        <source>connection lost: {reason}</source>
        <translation>连接已断开：{reason}</translation>
    </message>
    <message>
        <source>connected to {address} as {username} (AMI {version}, {auth} login)</source>
        <translation>已以 {username} 身份连接到 {address}（AMI {version}，{auth} 登录）</translation>
    </message>
    <message>
        <source>the PBX is restarting</source>
        <translation>PBX 正在重启</translation>
    </message>
    <message>
        <source>the PBX is shutting down</source>
        <translation>PBX 正在关闭</translation>
    </message>
    <message>
        <source>the PBX did not answer a keepalive ping within {seconds} s</source>
        <translation>PBX 在 {seconds} 秒内未响应保活 Ping</translation>
    </message>
    <message>
        <source>{channel} could not be reached (no such phone, or it is not registered)</source>
        <translation>无法接通 {channel}（没有该话机，或话机未注册）</translation>
    </message>
    <message>
        <source>{channel} hung up or rejected the call</source>
        <translation>{channel} 挂断或拒绝了呼叫</translation>
    </message>
    <message>
        <source>{channel} rang but nobody picked it up</source>
        <translation>{channel} 已振铃，但无人接听</translation>
    </message>
    <message>
        <source>answered</source>
        <translation>已接听</translation>
    </message>
    <message>
        <source>{channel} is busy</source>
        <translation>{channel} 正忙</translation>
    </message>
    <message>
        <source>the PBX could not place the call (congestion)</source>
        <translation>PBX 无法发起呼叫（线路拥塞）</translation>
    </message>
    <message>
        <source>the call failed (reason {reason})</source>
        <translation>呼叫失败（原因代码 {reason}）</translation>
    </message>
    <message>
        <source>no AMI greeting from {address} within {seconds} s</source>
        <translation>{address} 在 {seconds} 秒内没有发送 AMI 欢迎信息</translation>
    </message>
    <message>
        <source>TLS handshake with {address} failed: {reason}</source>
        <translation>与 {address} 的 TLS 握手失败：{reason}</translation>
    </message>
    <message>
        <source>{address} refused the connection (is AMI enabled on the PBX, and the port right?)</source>
        <translation>{address} 拒绝了连接（PBX 上是否已启用 AMI？端口是否正确？）</translation>
    </message>
    <message>
        <source>cannot reach {address}: {reason}</source>
        <translation>无法访问 {address}：{reason}</translation>
    </message>
    <message>
        <source>the PBX closed the connection during login (is this computer&apos;s address permitted in the PBX&apos;s AMI settings?)</source>
        <translation>PBX 在登录过程中关闭了连接（PBX 的 AMI 设置中是否允许本电脑的地址？）</translation>
    </message>
    <message>
        <source>the PBX refused the AMI username or secret</source>
        <translation>PBX 拒绝了 AMI 用户名或密钥</translation>
    </message>
    <message>
        <source>login refused: {reason}</source>
        <translation>登录被拒绝：{reason}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
    <message>
        <source>not connected to the PBX</source>
        <translation>未连接到 PBX</translation>
    </message>
    <message>
        <source>the PBX did not answer {action} within {seconds} s</source>
        <translation>PBX 在 {seconds} 秒内未响应 {action}</translation>
    </message>
    <message>
        <source>logged off</source>
        <translation>已注销</translation>
    </message>
    <message>
        <source>the PBX closed the connection in the middle of a message</source>
        <translation>PBX 在消息传输中途关闭了连接</translation>
    </message>
    <message>
        <source>connection to the PBX lost: {reason}</source>
        <translation>与 PBX 的连接已断开：{reason}</translation>
    </message>
    <message>
        <source>the PBX closed the connection</source>
        <translation>PBX 关闭了连接</translation>
    </message>
    <message>
        <source>the PBX closed the connection before greeting us (is this computer&apos;s address permitted in the PBX&apos;s AMI settings?)</source>
        <translation>PBX 在发送欢迎信息之前关闭了连接（PBX 的 AMI 设置中是否允许本电脑的地址？）</translation>
    </message>
    <message>
        <source>{reason}; the action was not re-sent</source>
        <translation>{reason}；该操作未重新发送</translation>
    </message>
    <message>
        <source>{action} failed (no reason given)</source>
        <translation>{action} 失败（未说明原因）</translation>
    </message>
    <message>
        <source>the phone</source>
        <translation>话机</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{action} failed</source>
        <translation>{action} 失败</translation>
    </message>
    <message>
        <source>The call history {path} cannot be used ({reason}); it was left as it is</source>
        <translation>无法使用通话记录 {path}（{reason}），已保持原样</translation>
    </message>
    <message>
        <source>The call history {path} is damaged ({reason}) and could not be moved aside ({error}); it was left as it is</source>
        <translation>通话记录 {path} 已损坏（{reason}），且无法移到一旁（{error}），已保持原样</translation>
    </message>
    <message>
        <source>The call history {path} was damaged ({reason}); it was kept as {copy}</source>
        <translation>通话记录 {path} 已损坏（{reason}），已保留为 {copy}</translation>
    </message>
    <message>
        <source>{note}, and a new history was started in {path}.</source>
        <translation>{note}；已在 {path} 中新建通话记录。</translation>
    </message>
    <message>
        <source>{note}; no new history file could be created ({reason}): calls are kept in memory until the app quits.</source>
        <translation>{note}；无法创建新的通话记录文件（{reason}）：通话仅保存在内存中，直到退出程序。</translation>
    </message>
    <message>
        <source>The call history could not be written: {reason}</source>
        <translation>无法写入通话记录：{reason}</translation>
    </message>
    <message>
        <source>The call history {path} cannot be written ({reason}); calls are kept in memory and saved when it can be written again.</source>
        <translation>无法写入通话记录 {path}（{reason}）；通话暂存在内存中，待可写入时再保存。</translation>
    </message>
    <message>
        <source>The call history {path} was deleted while the app was running; a new history was started there with the calls not yet saved.</source>
        <translation>通话记录 {path} 在程序运行时被删除；已在原处新建通话记录，并写入尚未保存的通话。</translation>
    </message>
    <message>
        <source>The call history {path} was damaged while the app was running ({reason}); it was kept as {copy} and a new history was started with the calls not yet saved.</source>
        <translation>通话记录 {path} 在程序运行时损坏（{reason}）；已另存为 {copy}，并新建通话记录，写入尚未保存的通话。</translation>
    </message>
    <message>
        <source>the PBX refused: this AMI user may not place calls (it needs the &apos;originate&apos; write permission)</source>
        <translation>PBX 拒绝了请求：此 AMI 用户无权发起呼叫（需要“originate”写权限）</translation>
    </message>
    <message>
        <source>the PBX says that number does not exist in the dial plan</source>
        <translation>PBX 表示拨号计划中不存在该号码</translation>
    </message>
    <message>
        <source>Calling your phone {extension} — pick up to connect to {number}</source>
        <translation>正在呼叫您的话机 {extension} — 拿起话机即可接通 {number}</translation>
    </message>
    <message>
        <source>the connection to the PBX was lost ({reason})</source>
        <translation>与 PBX 的连接已断开（{reason}）</translation>
    </message>
    <message>
        <source>the PBX did not say whether the call was placed</source>
        <translation>PBX 未告知呼叫是否已发起</translation>
    </message>
    <message>
        <source>not sent: {reason}</source>
        <translation>未发送：{reason}</translation>
    </message>
    <message>
        <source>Connected: your phone {extension} is now calling {number}</source>
        <translation>已接通：您的话机 {extension} 正在呼叫 {number}</translation>
    </message>
    <message>
        <source>the channel must not contain line breaks or control characters</source>
        <translation>通道中不能包含换行符或控制字符</translation>
    </message>
    <message>
        <source>the caller id must not contain line breaks or control characters</source>
        <translation>主叫号码中不能包含换行符或控制字符</translation>
    </message>
    <message>
        <source>the username must not contain line breaks or control characters</source>
        <translation>用户名中不能包含换行符或控制字符</translation>
    </message>
    <message>
        <source>the PBX host is empty</source>
        <translation>PBX 主机为空</translation>
    </message>
    <message>
        <source>{host} is not a host name or IP address</source>
        <translation>{host} 不是有效的主机名或 IP 地址</translation>
    </message>
    <message>
        <source>port {port} is not between 1 and 65535</source>
        <translation>端口 {port} 不在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>the AMI username is empty</source>
        <translation>AMI 用户名为空</translation>
    </message>
    <message>
        <source>my extension must be 1 to 10 digits</source>
        <translation>我的分机号必须是 1 到 10 位数字</translation>
    </message>
    <message>
        <source>phone type must be one of {choices}</source>
        <translation>话机类型必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>an analog phone needs its DAHDI port (1-999)</source>
        <translation>模拟话机需要填写 DAHDI 端口（1-999）</translation>
    </message>
    <message>
        <source>the dial context template is invalid (use {extension}, no spaces or line breaks)</source>
        <translation>拨号上下文模板无效（请使用 {extension}，不能包含空格或换行）</translation>
    </message>
    <message>
        <source>the ring timeout must be 1-600 seconds</source>
        <translation>振铃超时必须为 1-600 秒</translation>
    </message>
    <message>
        <source>pop corner must be one of {choices}</source>
        <translation>弹窗位置必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>{region} is not a country code such as CN, DE or US</source>
        <translation>{region} 不是有效的国家代码（例如 CN、DE 或 US）</translation>
    </message>
    <message>
        <source>CRM mode must be one of {choices}</source>
        <translation>CRM 模式必须是以下之一：{choices}</translation>
    </message>
    <message>
        <source>the call history must be kept 0 to 36500 days (0: keep everything)</source>
        <translation>通话记录的保留天数必须在 0 到 36500 之间（0：全部保留）</translation>
    </message>
    <message>
        <source>the CRM command must start with a program</source>
        <translation>CRM 命令必须以程序开头</translation>
    </message>
    <message>
        <source>the CRM command may only contain {number} and {name}</source>
        <translation>CRM 命令只能包含 {number} 和 {name}</translation>
    </message>
    <message>
        <source>{path}: {name} must be a list of texts, e.g. {example}</source>
        <translation>{path}：{name} 必须是文本列表，例如 {example}</translation>
    </message>
    <message>
        <source>{path}: {name} must be true or false</source>
        <translation>{path}：{name} 必须是 true 或 false</translation>
    </message>
    <message>
        <source>{path}: {name} must be a whole number</source>
        <translation>{path}：{name} 必须是整数</translation>
    </message>
    <message>
        <source>{path}: {name} must be text</source>
        <translation>{path}：{name} 必须是文本</translation>
    </message>
    <message>
        <source>cannot read {path}: {reason}</source>
        <translation>无法读取 {path}：{reason}</translation>
    </message>
    <message>
        <source>{path} is not valid TOML: {reason}</source>
        <translation>{path} 不是有效的 TOML：{reason}</translation>
    </message>
    <message>
        <source>{path}: [{section}] must be a table</source>
        <translation>{path}：[{section}] 必须是表</translation>
    </message>
    <message>
        <source>{path} contains the AMI secret but other users can read it; run &apos;chmod 600 {path}&apos; or move the secret to the keyring</source>
        <translation>{path} 中包含 AMI 密钥，但其他用户可以读取该文件；请运行“chmod 600 {path}”，或将密钥移到密钥环中</translation>
    </message>
    <message>
        <source>{path}, line {line}</source>
        <translation>{path}，第 {line} 行</translation>
    </message>
    <message>
        <source>{path}: the file is larger than 20 MB</source>
        <translation>{path}：文件大于 20 MB</translation>
    </message>
    <message>
        <source>{path}: cannot read it: {reason}</source>
        <translation>{path}：无法读取：{reason}</translation>
    </message>
    <message>
        <source>{where}: contains a NUL byte (is this a binary file, not CSV or vCard?)</source>
        <translation>{where}：包含 NUL 字节（这是否是二进制文件，而不是 CSV 或 vCard？）</translation>
    </message>
    <message>
        <source>you went back to the caller before {target} was called</source>
        <translation>在呼叫 {target} 之前，您已回到来电者</translation>
    </message>
    <message>
        <source>{target} did not get the call: you have the caller again</source>
        <translation>{target} 未接到电话：来电者已回到您这里</translation>
    </message>
    <message>
        <source>{ext} answered the call before you could pick it up</source>
        <translation>在您代接之前，{ext} 已接听了该电话</translation>
    </message>
    <message>
        <source>{where}: {text} is not a phone number ({reason})</source>
        <translation>{where}：{text} 不是电话号码（{reason}）</translation>
    </message>
    <message>
        <source>{where}: {reason}</source>
        <translation>{where}：{reason}</translation>
    </message>
    <message>
        <source>{path}: the file has no contacts</source>
        <translation>{path}：文件中没有联系人</translation>
    </message>
    <message>
        <source>{where}: no name and phone columns found; use a header such as {example}</source>
        <translation>{where}：未找到姓名列和电话列；请使用类似 {example} 的表头</translation>
    </message>
    <message>
        <source>{where}: a number without a name</source>
        <translation>{where}：号码没有对应的姓名</translation>
    </message>
    <message>
        <source>{where}: not a vCard line: {text}</source>
        <translation>{where}：不是 vCard 行：{text}</translation>
    </message>
    <message>
        <source>{where}: bad quoted-printable text</source>
        <translation>{where}：quoted-printable 文本有误</translation>
    </message>
    <message>
        <source>{where}: BEGIN:VCARD inside the card that starts on line {begin} (missing END:VCARD)</source>
        <translation>{where}：从第 {begin} 行开始的名片内又出现 BEGIN:VCARD（缺少 END:VCARD）</translation>
    </message>
    <message>
        <source>{where}: END:VCARD without BEGIN:VCARD</source>
        <translation>{where}：END:VCARD 之前没有 BEGIN:VCARD</translation>
    </message>
    <message>
        <source>{where}: {property} outside BEGIN/END:VCARD</source>
        <translation>{where}：{property} 位于 BEGIN/END:VCARD 之外</translation>
    </message>
    <message>
        <source>{where}: the card has no END:VCARD</source>
        <translation>{where}：名片缺少 END:VCARD</translation>
    </message>
    <message>
        <source>{where}: not a vCard file (no BEGIN:VCARD)</source>
        <translation>{where}：不是 vCard 文件（没有 BEGIN:VCARD）</translation>
    </message>
    <message>
        <source>{where}: the card has numbers but no name (FN, N or ORG)</source>
        <translation>{where}：名片有号码但没有姓名（FN、N 或 ORG）</translation>
    </message>
    <message>
        <source>{path}: the contacts store is damaged: {reason}</source>
        <translation>{path}：联系人存储已损坏：{reason}</translation>
    </message>
    <message>
        <source>{path}: no contact with a phone number found</source>
        <translation>{path}：未找到带电话号码的联系人</translation>
    </message>
    <message>
        <source>“{key}” cannot be a global hotkey: use a letter, a digit, F1–F24, Space, Insert, Delete, Home, End, Page Up/Down or an arrow</source>
        <translation>“{key}”不能用作全局快捷键：请使用字母、数字、F1–F24、空格、Insert、Delete、Home、End、Page Up/Down 或方向键</translation>
    </message>
    <message>
        <source>a Mac keyboard has no {key} key; choose another key</source>
        <translation>Mac 键盘没有 {key} 键，请选择其他按键</translation>
    </message>
    <message>
        <source>a global hotkey is one key combination, not a sequence of keys</source>
        <translation>全局快捷键只能是一个组合键，而不能是按键序列</translation>
    </message>
    <message>
        <source>“{text}” is not a key combination (like Ctrl+Alt+D)</source>
        <translation>“{text}”不是组合键（例如 Ctrl+Alt+D）</translation>
    </message>
    <message>
        <source>“{word}” is not a modifier: use Ctrl, Alt, Shift or Meta before the key</source>
        <translation>“{word}”不是修饰键：请在按键前使用 Ctrl、Alt、Shift 或 Meta</translation>
    </message>
    <message>
        <source>{key} is given twice</source>
        <translation>{key} 重复出现</translation>
    </message>
    <message>
        <source>{chord} alone would catch ordinary typing: add Ctrl, Alt or Meta (only F-keys and Pause may be used alone)</source>
        <translation>单独使用 {chord} 会拦截正常输入：请加上 Ctrl、Alt 或 Meta（只有 F 键和 Pause 键可以单独使用）</translation>
    </message>
    <message>
        <source>the number contains a control character (e.g. a line break)</source>
        <translation>号码中包含控制字符（例如换行符）</translation>
    </message>
    <message>
        <source>the number is empty</source>
        <translation>号码为空</translation>
    </message>
    <message>
        <source>a phone number cannot contain letters ({letter})</source>
        <translation>电话号码不能包含字母（{letter}）</translation>
    </message>
    <message>
        <source>a phone number cannot contain {character}</source>
        <translation>电话号码不能包含 {character}</translation>
    </message>
    <message>
        <source>&apos;+&apos; may only stand at the start of a number</source>
        <translation>“+”只能位于号码开头</translation>
    </message>
    <message>
        <source>an extension is 1 to 10 digits, not {text}</source>
        <translation>分机号应为 1 到 10 位数字，而不是 {text}</translation>
    </message>
    <message>
        <source>that call has already ended</source>
        <translation>该通话已结束</translation>
    </message>
    <message>
        <source>the other party&apos;s channel is not known, so the call cannot be transferred from here</source>
        <translation>对方通道未知，无法在此转接该通话</translation>
    </message>
    <message>
        <source>that is your own extension</source>
        <translation>这是您自己的分机</translation>
    </message>
    <message>
        <source>Transferred to {target}</source>
        <translation>已转接至 {target}</translation>
    </message>
    <message>
        <source>the call&apos;s channel is not known</source>
        <translation>该通话的通道未知</translation>
    </message>
    <message>
        <source>Hung up</source>
        <translation>已挂断</translation>
    </message>
    <message>
        <source>the PBX refused: {reason}</source>
        <translation>PBX 拒绝了请求：{reason}</translation>
    </message>
    <message>
        <source>the PBX refused user {username}: wrong username or secret</source>
        <translation>PBX 拒绝了用户 {username}：用户名或密钥错误</translation>
    </message>
    <message>
        <source>Connected to {address} (AMI {version}, {auth} login)</source>
        <translation>已连接到 {address}（AMI {version}，{auth} 登录）</translation>
    </message>
    <message>
        <source>the AMI username contains a line break or NUL, which AMI cannot carry; correct it in the settings</source>
        <translation>AMI 用户名包含换行符或 NUL，AMI 无法传送；请在设置中更正</translation>
    </message>
    <message>
        <source>the AMI secret contains a line break or NUL, which AMI cannot carry (was it copied from a file edited on Windows?); correct it in the settings</source>
        <translation>AMI 密码包含换行符或 NUL，AMI 无法传送（是否从 Windows 下编辑的文件中复制？）；请在设置中更正</translation>
    </message>
    <message>
        <source>Calling {target}…</source>
        <translation>正在呼叫 {target}…</translation>
    </message>
    <message>
        <source>Putting the caller on hold…</source>
        <translation>正在让来电方等待…</translation>
    </message>
    <message>
        <source>The caller waits on {slot}; pick up your phone to talk to {target}</source>
        <translation>来电方在 {slot} 等待；拿起话机即可与 {target} 通话</translation>
    </message>
    <message>
        <source>Consulting {target}</source>
        <translation>正在咨询 {target}</translation>
    </message>
    <message>
        <source>Handing the caller over to {target}…</source>
        <translation>正在将来电方转给 {target}…</translation>
    </message>
    <message>
        <source>Back to the caller…</source>
        <translation>正在返回来电方…</translation>
    </message>
    <message>
        <source>{target} hung up</source>
        <translation>{target} 已挂断</translation>
    </message>
    <message>
        <source>{target} did not answer</source>
        <translation>{target} 未接听</translation>
    </message>
    <message>
        <source>the call&apos;s channels are not known</source>
        <translation>通话的通道未知</translation>
    </message>
    <message>
        <source>Your phone rings: pick it up to talk to {target}</source>
        <translation>您的话机正在响铃：拿起话机即可与 {target} 通话</translation>
    </message>
    <message>
        <source>there is no consultation to complete</source>
        <translation>没有可完成的咨询</translation>
    </message>
    <message>
        <source>the transfer is over</source>
        <translation>转接已结束</translation>
    </message>
    <message>
        <source>Back with the caller</source>
        <translation>已返回来电方</translation>
    </message>
    <message>
        <source>{reason}; the caller waits on {slot} and rings you again soon</source>
        <translation>{reason}；来电方在 {slot} 等待，稍后会再次呼叫您</translation>
    </message>
    <message>
        <source>{why}: you are back with the caller</source>
        <translation>{why}：您已回到来电方</translation>
    </message>
    <message>
        <source>The caller waits on hold; {target} is being called</source>
        <translation>来电方正在等待；正在呼叫 {target}</translation>
    </message>
    <message>
        <source>The call to {target} failed: {reason}</source>
        <translation>呼叫 {target} 失败：{reason}</translation>
    </message>
    <message>
        <source>{target} has not answered yet</source>
        <translation>{target} 尚未接听</translation>
    </message>
    <message>
        <source>You are back with the caller</source>
        <translation>您已回到来电方</translation>
    </message>
    <message>
        <source>Back to the caller</source>
        <translation>返回来电方</translation>
    </message>
    <message>
        <source>You talk to {target}; the caller waits. Complete, or go back to the caller</source>
        <translation>您正在与 {target} 通话，来电方在等待。请完成转接，或返回来电方</translation>
    </message>
    <message>
        <source>{why}: back to the caller</source>
        <translation>{why}：返回来电方</translation>
    </message>
    <message>
        <source>The caller hung up while waiting</source>
        <translation>来电方在等待时挂断了</translation>
    </message>
    <message>
        <source>Nobody took the call in time: it rings you again</source>
        <translation>无人及时接听：通话将再次呼叫您</translation>
    </message>
    <message>
        <source>Transferred to parked call {slot}</source>
        <translation>已转接至停泊的通话 {slot}</translation>
    </message>
    <message>
        <source>Parked on {slot}</source>
        <translation>已停泊在 {slot}</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Back in the queue</source>
        <translation>已回到队列</translation>
    </message>
    <message>
        <source>there is no call to transfer</source>
        <translation>没有可转接的通话</translation>
    </message>
    <message>
        <source>there is no call to park</source>
        <translation>没有可停泊的通话</translation>
    </message>
    <message>
        <source>the call&apos;s channels are not known, so it cannot be parked</source>
        <translation>通话的通道未知，无法停泊</translation>
    </message>
    <message>
        <source>no call is parked on {slot}</source>
        <translation>{slot} 上没有停泊的通话</translation>
    </message>
    <message>
        <source>Your phone rings: pick it up for the call on {slot}</source>
        <translation>您的话机正在响铃：拿起话机即可接听 {slot} 上的通话</translation>
    </message>
    <message>
        <source>nothing is ringing on {ext}</source>
        <translation>{ext} 上没有振铃的来电</translation>
    </message>
    <message>
        <source>Picked up the call for {ext}</source>
        <translation>已代接 {ext} 的来电</translation>
    </message>
    <message>
        <source>Your phone rings: pick it up for your voicemail</source>
        <translation>您的话机正在响铃：拿起话机即可收听语音信箱</translation>
    </message>
    <message>
        <source>there is no answered call to transfer</source>
        <translation>没有已接听的通话可转接</translation>
    </message>
    <message>
        <source>this call is already being transferred</source>
        <translation>此通话已在转接中</translation>
    </message>
    <message>
        <source>there is no consultation to go back from</source>
        <translation>没有可返回的咨询</translation>
    </message>
    <message>
        <source>Joined {queue}</source>
        <translation>已加入 {queue}</translation>
    </message>
    <message>
        <source>Left {queue}</source>
        <translation>已退出 {queue}</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>已停泊</translation>
    </message>
    <message>
        <source>the PBX accepted the park but did not say the slot</source>
        <translation>PBX 接受了停泊，但未告知停泊位</translation>
    </message>
    <message>
        <source>the pickup failed: {reason}</source>
        <translation>代接失败：{reason}</translation>
    </message>
    <message>
        <source>the call on {ext} was not picked up: it stopped ringing</source>
        <translation>{ext} 上的来电未被代接：已停止振铃</translation>
    </message>
    <message>
        <source>this AMI user may not place calls (it needs the &apos;originate&apos; write permission)</source>
        <translation>此 AMI 用户不能发起呼叫（需要 &apos;originate&apos; 写权限）</translation>
    </message>
    <message>
        <source>this AMI user may not transfer calls (it needs the &apos;call&apos; write permission)</source>
        <translation>此 AMI 用户不能转接通话（需要 &apos;call&apos; 写权限）</translation>
    </message>
    <message>
        <source>this AMI user may not park calls (it needs the &apos;call&apos; write permission)</source>
        <translation>此 AMI 用户不能停泊通话（需要 &apos;call&apos; 写权限）</translation>
    </message>
    <message>
        <source>this AMI user may not pick up calls (it needs the &apos;originate&apos; write permission)</source>
        <translation>此 AMI 用户不能代接来电（需要 &apos;originate&apos; 写权限）</translation>
    </message>
    <message>
        <source>this AMI user may not see the colleagues&apos; lines (it needs the &apos;call&apos; and &apos;reporting&apos; read permissions)</source>
        <translation>此 AMI 用户不能查看同事的线路状态（需要 &apos;call&apos; 和 &apos;reporting&apos; 读权限）</translation>
    </message>
    <message>
        <source>this AMI user may not see or change the queues (it needs the &apos;agent&apos; permission)</source>
        <translation>此 AMI 用户不能查看或更改队列（需要 &apos;agent&apos; 权限）</translation>
    </message>
    <message>
        <source>this AMI user may not read the voicemail counts (it needs the &apos;call&apos; and &apos;reporting&apos; read permissions)</source>
        <translation>此 AMI 用户不能读取语音留言数（需要 &apos;call&apos; 和 &apos;reporting&apos; 读权限）</translation>
    </message>
    <message>
        <source>the PBX refused the MD5 challenge it offered before; plain-text login was not attempted (someone may be tampering with the connection)</source>
        <translation>PBX 拒绝了它之前提供的 MD5 质询；未尝试明文登录（可能有人在篡改连接）</translation>
    </message>
    <message>
        <source>{path}: the file is not UTF-8, and more than one code page reads it ({choices}); import it again with the --encoding that shows the names right</source>
        <translation>{path}：文件不是 UTF-8，且可按多种代码页读取（{choices}）；请使用能正确显示姓名的 --encoding 重新导入</translation>
    </message>
    <message>
        <source>{where}: the text is neither UTF-8 nor cleanly {expected}; it may be {choices}: import it again with the --encoding that shows the names right</source>
        <translation>{where}：文本既不是 UTF-8，也不是规范的 {expected}；可能是 {choices}：请使用能正确显示姓名的 --encoding 重新导入</translation>
    </message>
    <message>
        <source>{where}: the text is neither UTF-8 nor cleanly {expected}; import it again with --encoding and the file&apos;s code page</source>
        <translation>{where}：文本既不是 UTF-8，也不是规范的 {expected}；请用 --encoding 指定文件的代码页重新导入</translation>
    </message>
    <message>
        <source>{path}: unknown encoding {encoding}</source>
        <translation>{path}：未知编码 {encoding}</translation>
    </message>
    <message>
        <source>{where}: unknown encoding {encoding}</source>
        <translation>{where}：未知编码 {encoding}</translation>
    </message>
    <message>
        <source>{where}: the text is not valid {encoding}</source>
        <translation>{where}：文本不是有效的 {encoding}</translation>
    </message>
    <message>
        <source>{where}: the file starts with a {encoding} byte-order mark but is not valid {encoding}</source>
        <translation>{where}：文件以 {encoding} 字节顺序标记开头，但不是有效的 {encoding}</translation>
    </message>
    <message>
        <source>the number is longer than {count} keys (digits, * and #)</source>
        <translation>号码超过 {count} 个按键（数字、* 和 #）</translation>
    </message>
    <message>
        <source>the extension is longer than {count} keys (digits, * and #)</source>
        <translation>分机号超过 {count} 个按键（数字、* 和 #）</translation>
    </message>
    <message>
        <source>the extension or the keys after the answer ({text}) may only be digits, * and #</source>
        <translation>分机号或接通后要按的键（{text}）只能是数字、* 和 #</translation>
    </message>
    <message>
        <source>after the answer, key {keys} on your phone (mypbxdesk does not dial it)</source>
        <translation>接通后，请在话机上按 {keys}（mypbxdesk 不会代拨）</translation>
    </message>
    <message>
        <source>the PBX does not offer MD5 login; to send the secret in plain text anyway, allow plain-text login in the settings</source>
        <translation>PBX 不提供 MD5 登录；如仍要以明文发送密码，请在设置中允许明文登录</translation>
    </message>
    <message>
        <source>more than {seconds} s behind the PBX&apos;s events; reconnecting</source>
        <translation>处理 PBX 事件已落后超过 {seconds} 秒；正在重新连接</translation>
    </message>
    <message>
        <source>the PBX did not answer the login within {seconds} s</source>
        <translation>PBX 在 {seconds} 秒内未响应登录</translation>
    </message>
    <message>
        <source>unexpected error: {reason}</source>
        <translation>意外错误：{reason}</translation>
    </message>
    <message>
        <source>{host} is not a valid host name; correct it in the settings</source>
        <translation>{host} 不是有效的主机名；请在设置中更正</translation>
    </message>
    <message>
        <source>the settings cannot be sent to the PBX: {reason}</source>
        <translation>设置无法发送给 PBX：{reason}</translation>
    </message>
    <message>
        <source>the host name is not valid; correct it in the settings</source>
        <translation>主机名无效；请在设置中更正</translation>
    </message>
    <message>
        <source>network error: {reason}</source>
        <translation>网络错误：{reason}</translation>
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
        <source>This file is not UTF-8, and it can be read more than one way. Choose the reading where the names look right:</source>
        <translation>此文件不是 UTF-8，可以按多种方式读取。请选择姓名显示正确的那一种：</translation>
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
    <name>MyCallsModel</name>
    <message>
        <source>Current call: {text}</source>
        <translation>当前通话：{text}</translation>
    </message>
</context>
<context>
    <name>ParkedModel</name>
    <message>
        <source>Slot</source>
        <translation>停泊位</translation>
    </message>
    <message>
        <source>Caller</source>
        <translation>来电方</translation>
    </message>
    <message>
        <source>Parked by</source>
        <translation>停泊人</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>Rings back in</source>
        <translation>回铃倒计时</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <extracomment>Seconds before the ring-back from which the countdown turns red.</extracomment>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>you</source>
        <translation>您</translation>
    </message>
    <message>
        <source>no ring-back time known</source>
        <translation>回铃时间未知</translation>
    </message>
    <message>
        <source>Slot {slot}: {caller}, waiting {waiting}</source>
        <translation>停泊位 {slot}：{caller}，已等待 {waiting}</translation>
    </message>
    <message>
        <source>, rings back in {left}</source>
        <translation>，{left} 后回铃</translation>
    </message>
</context>
<context>
    <name>PopManager</name>
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
    <name>QueuePanel</name>
    <message>
        <source>My queues</source>
        <translation>我的队列</translation>
    </message>
    <message>
        <source>Queue, caller or member</source>
        <translation>队列、来电方或成员</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待时长</translation>
    </message>
    <message>
        <source>You are not in a queue.</source>
        <translation>您不在任何队列中。</translation>
    </message>
    <message>
        <source>Pause (F6)</source>
        <translation>暂停 (F6)</translation>
    </message>
    <message>
        <source>Reason for the pause</source>
        <translation>暂停原因</translation>
    </message>
    <message>
        <source>Reason (optional)</source>
        <translation>原因（可选）</translation>
    </message>
    <message>
        <source>Queue to join or leave</source>
        <translation>要加入或退出的队列</translation>
    </message>
    <message>
        <source>Join</source>
        <translation>加入</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>{queue}: {count} waiting</source>
        <translation>{queue}：{count} 人等待</translation>
    </message>
    <message>
        <source>{queue}: nobody waiting</source>
        <translation>{queue}：无人等待</translation>
    </message>
    <message>
        <source>Resume (F6)</source>
        <translation>恢复 (F6)</translation>
    </message>
    <message>
        <source>Unknown caller</source>
        <translation>未知来电</translation>
    </message>
    <message>
        <source>{position}. {caller}</source>
        <translation>{position}. {caller}</translation>
    </message>
    <message>
        <source>ringing {members}</source>
        <translation>正在呼叫 {members}</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>{extension} (you)</source>
        <translation>{extension}（您）</translation>
    </message>
    <message>
        <source>{state}, paused: {reason}</source>
        <translation>{state}，已暂停：{reason}</translation>
    </message>
    <message>
        <source>{state}, paused</source>
        <translation>{state}，已暂停</translation>
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
        <source>How the call came in</source>
        <translation>来电途径</translation>
    </message>
    <message>
        <source>Transferred by</source>
        <translation>转接人</translation>
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
        <source>Incoming call</source>
        <translation>来电</translation>
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
        <source>Incoming call: {name}</source>
        <translation>来电：{name}</translation>
    </message>
    <message>
        <source>Outgoing call: {name}</source>
        <translation>去电：{name}</translation>
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
        <source>{text}; {fact}</source>
        <translation>{text}；{fact}</translation>
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
        <extracomment>Fields a connection test depends on: editing one clears its result.</extracomment>
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
        <source>PBX &amp;address:</source>
        <translation>PBX 地址(&amp;A)：</translation>
    </message>
    <message>
        <source>192.168.5.142 or pbx.example.com</source>
        <translation>192.168.5.142 或 pbx.example.com</translation>
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
        <source>Allow plain-text login (PBX without MD5 login)</source>
        <translation>允许明文登录（用于不支持 MD5 登录的 PBX）</translation>
    </message>
    <message>
        <source>Only for a PBX that does not offer MD5 login: the secret then crosses the network readable. It is never used with a PBX that offered MD5 before.</source>
        <translation>仅用于不提供 MD5 登录的 PBX：密码将以可读形式在网络上传输。对曾经提供过 MD5 的 PBX 绝不使用。</translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation>测试连接(&amp;T)</translation>
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
        <source>Your IT administrator can tell you these values. On a MyPBX they are under System › System › Preference › AMI Settings.</source>
        <translation>这些参数可向您的 IT 管理员索取。在 MyPBX 上，它们位于“系统 › 系统 › 偏好设置 › AMI 设置”。</translation>
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
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>话机</translation>
    </message>
    <message>
        <source>Pop-up &amp;&amp; CRM</source>
        <translation>弹屏 &amp;&amp; CRM</translation>
    </message>
    <message>
        <source>Contacts</source>
        <translation>联系人</translation>
    </message>
    <message>
        <source>Shortcuts</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Advanced</source>
        <translation>高级</translation>
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
        <source>No pop-ups while this is on</source>
        <translation>开启后不再弹屏</translation>
    </message>
    <message>
        <source>Reconnect now</source>
        <translation>立即重新连接</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>Quit mypbxdesk: no more pop-ups until it is started</source>
        <translation>退出 mypbxdesk：在重新启动前不会再弹屏</translation>
    </message>
    <message>
        <source>Dial clipboard</source>
        <translation>拨打剪贴板号码</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>Show the technical details of the connection</source>
        <translation>显示连接的技术细节</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>话务台</translation>
    </message>
    <message>
        <source>Do not disturb</source>
        <translation>免打扰</translation>
    </message>
</context>
<context>
    <name>TransferBanner</name>
    <message>
        <source>Attended transfer</source>
        <translation>咨询转接</translation>
    </message>
    <message>
        <source>Transfer progress</source>
        <translation>转接进度</translation>
    </message>
    <message>
        <source>Complete (Ctrl+Enter)</source>
        <translation>完成 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Complete the transfer</source>
        <translation>完成转接</translation>
    </message>
    <message>
        <source>Back to the caller (Esc)</source>
        <translation>返回来电方 (Esc)</translation>
    </message>
    <message>
        <source>Back to the caller</source>
        <translation>返回来电方</translation>
    </message>
    <message>
        <source>No attended transfer is under way</source>
        <translation>没有正在进行的咨询转接</translation>
    </message>
    <message>
        <source>Wait until {target} is being called</source>
        <translation>请等待开始呼叫 {target}</translation>
    </message>
    <message>
        <source>Attended transfer to {target}</source>
        <translation>咨询转接至 {target}</translation>
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
        <source>Extension or name, e.g. 306</source>
        <translation>分机号或姓名，例如 306</translation>
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
        <source>connection lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>PBX unreachable</source>
        <translation>无法访问 PBX</translation>
    </message>
    <message>
        <source>Wrong AMI username or secret — open Settings to fix it</source>
        <translation>AMI 用户名或密钥错误 — 请打开设置修改</translation>
    </message>
    <message>
        <source>Cannot connect: {reason} — open Settings to fix it</source>
        <translation>无法连接：{reason} — 请打开设置进行修正</translation>
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
        <source>Connected as extension {ext}</source>
        <translation>已连接，分机 {ext}</translation>
    </message>
    <message>
        <source>Connecting to the phone system…</source>
        <translation>正在连接电话系统…</translation>
    </message>
    <message>
        <source>Login refused — check the secret in Settings</source>
        <translation>登录被拒绝 — 请在设置中检查密钥</translation>
    </message>
    <message>
        <source>Cannot connect — check Settings</source>
        <translation>无法连接 — 请检查设置</translation>
    </message>
    <message>
        <source>Phone system not reachable</source>
        <translation>无法访问电话系统</translation>
    </message>
    <message>
        <source>Wrong address for the phone system</source>
        <translation>电话系统地址错误</translation>
    </message>
    <message>
        <source>Connection lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>{head} — trying again in {seconds} s</source>
        <translation>{head} — {seconds} 秒后重试</translation>
    </message>
    <message>
        <source>Console</source>
        <translation>话务台</translation>
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
        <source>Connection details…</source>
        <translation>连接详情…</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>TrayController</name>
    <message>
        <source>Connection — mypbxdesk</source>
        <translation>连接 — mypbxdesk</translation>
    </message>
    <message>
        <source>mypbxdesk — {status}</source>
        <translation>mypbxdesk — {status}</translation>
    </message>
    <message>
        <source>Or press {chord} anywhere</source>
        <translation>或在任意位置按 {chord}</translation>
    </message>
</context>
<context>
    <name>VoicemailButton</name>
    <message>
        <source>Voicemail</source>
        <translation>语音信箱</translation>
    </message>
    <message>
        <source>Voicemail: {new} new, {old} old</source>
        <translation>语音信箱：{new} 条新留言，{old} 条旧留言</translation>
    </message>
    <message>
        <source>Voicemail: no new messages</source>
        <translation>语音信箱：没有新留言</translation>
    </message>
    <message>
        <source>{words} (F7)</source>
        <translation>{words} (F7)</translation>
    </message>
    <message>
        <source>Press F7 to call your voicemail</source>
        <translation>按 F7 呼叫您的语音信箱</translation>
    </message>
</context>
<context>
    <name>_StatusTracker</name>
    <message>
        <source> — do not disturb: pops are muted</source>
        <extracomment>The receptionist&apos;s console (her main window), when the app has one.</extracomment>
        <translation> — 免打扰：来电弹窗已静音</translation>
    </message>
</context>
</TS>
