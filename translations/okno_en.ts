<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ru">
<context>
    <name>QObject</name>
    <message>
        <source>Окно — администратор</source>
        <translation>Okno — administrator</translation>
    </message>
    <message>
        <source>Вход</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Окно — консультант</source>
        <translation>Okno — consultant</translation>
    </message>
    <message>
        <source>Окно — касса</source>
        <translation>Okno — cash desk</translation>
    </message>
    <message>
        <source>Окно — панель руководителя</source>
        <translation>Okno — manager&apos;s dashboard</translation>
    </message>
    <message>
        <source>Окно — киоск самообслуживания</source>
        <translation>Okno — self-service kiosk</translation>
    </message>
    <message>
        <source>Окно — табло</source>
        <translation>Okno — hall board</translation>
    </message>
</context>
<context>
    <name>okno::BoardState</name>
    <message>
        <source>%1 → окно %2</source>
        <translation>%1 → desk %2</translation>
    </message>
    <message>
        <source>сегодня в %1</source>
        <translation>today at %1</translation>
    </message>
    <message>
        <source>завтра в %1</source>
        <translation>tomorrow at %1</translation>
    </message>
    <message>
        <source>в понедельник</source>
        <translation>on Monday</translation>
    </message>
    <message>
        <source>во вторник</source>
        <translation>on Tuesday</translation>
    </message>
    <message>
        <source>в среду</source>
        <translation>on Wednesday</translation>
    </message>
    <message>
        <source>в четверг</source>
        <translation>on Thursday</translation>
    </message>
    <message>
        <source>в пятницу</source>
        <translation>on Friday</translation>
    </message>
    <message>
        <source>в субботу</source>
        <translation>on Saturday</translation>
    </message>
    <message>
        <source>в воскресенье</source>
        <translation>on Sunday</translation>
    </message>
    <message>
        <source>января</source>
        <translation>January</translation>
    </message>
    <message>
        <source>февраля</source>
        <translation>February</translation>
    </message>
    <message>
        <source>марта</source>
        <translation>March</translation>
    </message>
    <message>
        <source>апреля</source>
        <translation>April</translation>
    </message>
    <message>
        <source>мая</source>
        <translation>May</translation>
    </message>
    <message>
        <source>июня</source>
        <translation>June</translation>
    </message>
    <message>
        <source>июля</source>
        <translation>July</translation>
    </message>
    <message>
        <source>августа</source>
        <translation>August</translation>
    </message>
    <message>
        <source>сентября</source>
        <translation>September</translation>
    </message>
    <message>
        <source>октября</source>
        <translation>October</translation>
    </message>
    <message>
        <source>ноября</source>
        <translation>November</translation>
    </message>
    <message>
        <source>декабря</source>
        <translation>December</translation>
    </message>
    <message>
        <source>%1, %2 %3, в %4</source>
        <translation>%1, %2 %3, at %4</translation>
    </message>
    <message>
        <source>Сегодня выходной</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Сегодня %1–%2, обед %3–%4</source>
        <translation>Today %1–%2, lunch %3–%4</translation>
    </message>
    <message>
        <source>Сегодня %1–%2, без перерыва</source>
        <translation>Today %1–%2, no lunch break</translation>
    </message>
    <message>
        <source>Выдача талонов на сегодня окончена. Центр работает до %1</source>
        <translation>No more tickets today. The service centre is open until %1</translation>
    </message>
    <message>
        <source>Перерыв на обед до %1</source>
        <translation>Lunch break until %1</translation>
    </message>
    <message>
        <source>Талоны сохраняют своё место в очереди</source>
        <translation>Tickets keep their place in the queue</translation>
    </message>
    <message>
        <source>Центр закрыт</source>
        <translation>The service centre is closed</translation>
    </message>
    <message>
        <source>Откроется %1</source>
        <translation>Opens %1</translation>
    </message>
</context>
<context>
    <name>okno::BoardWindow</name>
    <message>
        <source>Окно — табло</source>
        <translation>Okno — hall board</translation>
    </message>
    <message>
        <source>Вызов</source>
        <translation>Now calling</translation>
    </message>
    <message>
        <source>Ожидайте вызова</source>
        <translation>Please wait to be called</translation>
    </message>
    <message>
        <source>Последние вызовы</source>
        <translation>Recent calls</translation>
    </message>
    <message>
        <source>Ожидают
в очереди</source>
        <translation>Waiting
in the queue</translation>
    </message>
    <message>
        <source>Табло</source>
        <translation>Hall board</translation>
    </message>
    <message>
        <source>Подключение к серверу…</source>
        <translation>Connecting to the server…</translation>
    </message>
    <message>
        <source>окно %1</source>
        <translation>desk %1</translation>
    </message>
    <message>
        <source>ru_RU</source>
        <comment>the locale of the date on the board</comment>
        <translation>en_GB</translation>
    </message>
    <message>
        <source>Табло отключено</source>
        <translation>Board disconnected</translation>
    </message>
    <message>
        <source>Обратитесь к администратору: табло нужно настроить заново</source>
        <translation>Please contact the administrator: the board needs to be set up again</translation>
    </message>
</context>
<context>
    <name>okno::CashierWindow</name>
    <message>
        <source>Окно — касса</source>
        <translation>Okno — cash desk</translation>
    </message>
    <message>
        <source>Смена не открыта</source>
        <translation>No shift open</translation>
    </message>
    <message>
        <source>Платёж</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>рубли, например 1 234,56</source>
        <translation>roubles, e.g. 1234.56</translation>
    </message>
    <message>
        <source>Наличными</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Картой</source>
        <translation>Card</translation>
    </message>
    <message>
        <source>Лицевой счёт</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>Сумма, ₽</source>
        <translation>Amount, ₽</translation>
    </message>
    <message>
        <source>Назначение</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Способ</source>
        <translation>Method</translation>
    </message>
    <message>
        <source>Получено, ₽</source>
        <translation>Tendered, ₽</translation>
    </message>
    <message>
        <source>Сдача</source>
        <translation>Change</translation>
    </message>
    <message>
        <source>Принять оплату</source>
        <translation>Take payment</translation>
    </message>
    <message>
        <source>Открыть смену</source>
        <translation>Open shift</translation>
    </message>
    <message>
        <source>Закрыть смену и отчёт</source>
        <translation>Close shift and report</translation>
    </message>
    <message>
        <source>Смена № %1 · платежей: %2 · итого %3</source>
        <translation>Shift %1 · payments: %2 · total %3</translation>
    </message>
    <message>
        <source>Лицевой счёт — от 6 до 20 цифр.</source>
        <translation>The account number is 6 to 20 digits.</translation>
    </message>
    <message>
        <source>Сумма — число рублей с копейками, например 1 234,56.</source>
        <translation>The amount is roubles and kopecks, e.g. 1 234,56.</translation>
    </message>
    <message>
        <source>Сумма должна быть больше нуля.</source>
        <translation>The amount must be greater than zero.</translation>
    </message>
    <message>
        <source>Сумма слишком велика: не больше %1.</source>
        <translation>The amount is too large: at most %1.</translation>
    </message>
    <message>
        <source>Укажите назначение платежа.</source>
        <translation>Give the purpose of the payment.</translation>
    </message>
    <message>
        <source>Полученная сумма меньше суммы платежа.</source>
        <translation>The cash tendered is less than the amount.</translation>
    </message>
    <message>
        <source>Платёж принят: %1, сдача %2</source>
        <translation>Payment taken: %1, change %2</translation>
    </message>
    <message>
        <source>Смена открыта.</source>
        <translation>Shift opened.</translation>
    </message>
    <message>
        <source>Смена закрыта: итого %1.</source>
        <translation>Shift closed: total %1.</translation>
    </message>
    <message>
        <source>Закрыть смену</source>
        <translation>Close the shift</translation>
    </message>
    <message>
        <source>Закрыть смену № %1 и напечатать отчёт? В закрытой смене платежи и сторно невозможны.</source>
        <translation>Close shift no. %1 and print the report? A closed shift takes no payments or reversals.</translation>
    </message>
    <message>
        <source>Крупная сумма</source>
        <translation>Large amount</translation>
    </message>
    <message>
        <source>Сумма %1 больше %2. Принять платёж на %1 по лицевому счёту %3?</source>
        <translation>The amount %1 is more than %2. Record a payment of %1 to account %3?</translation>
    </message>
    <message>
        <source>Платёж не принят: сумма %1 не подтверждена.</source>
        <translation>Payment not recorded: the amount %1 was not confirmed.</translation>
    </message>
    <message>
        <source>Платежи смены</source>
        <translation>Payments of the shift</translation>
    </message>
    <message>
        <source>Чек</source>
        <translation>Receipt</translation>
    </message>
    <message>
        <source>Время</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Сумма</source>
        <translation>Amount</translation>
    </message>
    <message>
        <source>Отметка</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Сторно выбранного платежа…</source>
        <translation>Reverse the selected payment…</translation>
    </message>
    <message>
        <source>сторно чека № %1</source>
        <translation>reversal of receipt no. %1</translation>
    </message>
    <message>
        <source>сторнирован (чек № %1)</source>
        <translation>reversed (receipt no. %1)</translation>
    </message>
    <message>
        <source>Выберите в списке платёж, который нужно сторнировать.</source>
        <translation>Choose the payment to reverse in the list.</translation>
    </message>
    <message>
        <source>чек № %1 от %2: %3, лицевой счёт %4, %5</source>
        <translation>receipt no. %1 at %2: %3, account %4, %5</translation>
    </message>
    <message>
        <source>Чек № %1 на %2 сторнирован.</source>
        <translation>Receipt no. %1 for %2 reversed.</translation>
    </message>
</context>
<context>
    <name>okno::ConsultantWindow</name>
    <message>
        <source>В очереди: %1</source>
        <translation>In the queues: %1</translation>
    </message>
    <message>
        <source>Окно — консультант</source>
        <translation>Okno — consultant</translation>
    </message>
    <message>
        <source>Направить в кассу</source>
        <translation>Send to the cash desk</translation>
    </message>
    <message>
        <source>Талон консультации</source>
        <translation>Consultation ticket</translation>
    </message>
    <message>
        <source>назначить</source>
        <translation>set</translation>
    </message>
    <message>
        <source>однотарифный — пусто</source>
        <translation>single-rate — leave empty</translation>
    </message>
    <message>
        <source>Лицевой счёт</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>Категория</source>
        <translation>Consumer group</translation>
    </message>
    <message>
        <source>Тема</source>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Разъяснения</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Результат</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>№ обращения</source>
        <translation>Appeal no.</translation>
    </message>
    <message>
        <source>Следующий визит</source>
        <translation>Next visit</translation>
    </message>
    <message>
        <source>Счётчик, день, ночь</source>
        <translation>Meter, day, night</translation>
    </message>
    <message>
        <source>Сохранить талон</source>
        <translation>Save ticket</translation>
    </message>
    <message>
        <source>Печать памятки</source>
        <translation>Print memo</translation>
    </message>
    <message>
        <source>Лицевой счёт — от 6 до 20 цифр.</source>
        <translation>The account number is 6 to 20 digits.</translation>
    </message>
    <message>
        <source>Показания — целые числа кВт·ч.</source>
        <translation>Readings are whole kWh.</translation>
    </message>
    <message>
        <source>Нет посетителя у окна.</source>
        <translation>No visitor at the desk.</translation>
    </message>
    <message>
        <source>Талон консультации сохранён.</source>
        <translation>Consultation ticket saved.</translation>
    </message>
    <message>
        <source>Памятка сохранена: %1</source>
        <translation>Memo saved: %1</translation>
    </message>
    <message>
        <source>Нет посетителя у окна: памятка печатается для посетителя.</source>
        <translation>No visitor at the desk: a memo is printed for a visitor.</translation>
    </message>
    <message>
        <source>Сначала сохраните талон консультации: памятка печатается по сохранённому.</source>
        <translation>Save the consultation ticket first: the memo prints what was saved.</translation>
    </message>
</context>
<context>
    <name>okno::DashboardWindow</name>
    <message>
        <source>закрыто</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>занято</source>
        <translation>busy</translation>
    </message>
    <message>
        <source>перерыв</source>
        <translation>on a break</translation>
    </message>
    <message>
        <source>Этап</source>
        <translation>Stage</translation>
    </message>
    <message>
        <source>Ждут</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Дольше всех
ждёт</source>
        <translation>Longest
wait</translation>
    </message>
    <message>
        <source>Норма
ожидания</source>
        <translation>Wait
norm</translation>
    </message>
    <message>
        <source>Ожидание
среднее</source>
        <translation>Wait
average</translation>
    </message>
    <message>
        <source>Ожидание
p90</source>
        <translation>Wait
p90</translation>
    </message>
    <message>
        <source>Ожидание
в норме</source>
        <translation>Wait
within norm</translation>
    </message>
    <message>
        <source>Приём
средний</source>
        <translation>Service
average</translation>
    </message>
    <message>
        <source>Приём
p90</source>
        <translation>Service
p90</translation>
    </message>
    <message>
        <source>Норма
приёма</source>
        <translation>Service
norm</translation>
    </message>
    <message>
        <source>Приём
в норме</source>
        <translation>Service
within norm</translation>
    </message>
    <message>
        <source>Обслужено</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Неявки</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <source>ЦОК</source>
        <translation>Service centre</translation>
    </message>
    <message>
        <source>Окно</source>
        <translation>Desk</translation>
    </message>
    <message>
        <source>Состояние</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Сотрудник</source>
        <translation>Staff member</translation>
    </message>
    <message>
        <source>Талон</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Длится</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Очередь</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Что</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Норма</source>
        <translation>Norm</translation>
    </message>
    <message>
        <source>Сверх нормы</source>
        <translation>Over the norm</translation>
    </message>
    <message>
        <source>Категория</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Логин</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Приём
макс.</source>
        <translation>Service
max.</translation>
    </message>
    <message>
        <source>Показатель</source>
        <translation>Indicator</translation>
    </message>
    <message>
        <source>Значение</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Ожидание, мин</source>
        <translation>Wait, min</translation>
    </message>
    <message>
        <source>Приём, мин</source>
        <translation>Service, min</translation>
    </message>
    <message>
        <source>Когда</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Кто изменил</source>
        <translation>Changed by</translation>
    </message>
    <message>
        <source>Было</source>
        <translation>Before</translation>
    </message>
    <message>
        <source>Стало</source>
        <translation>After</translation>
    </message>
    <message>
        <source>Окно — панель руководителя</source>
        <translation>Okno — manager&apos;s dashboard</translation>
    </message>
    <message>
        <source>Нормативы</source>
        <translation>Norms</translation>
    </message>
    <message>
        <source>Экспорт отчёта</source>
        <translation>Export the report</translation>
    </message>
    <message>
        <source>ЦОК:</source>
        <translation>Service centre:</translation>
    </message>
    <message>
        <source>Период:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <source>Сегодня</source>
        <translation>Today</translation>
    </message>
    <message>
        <source>Неделя</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Месяц</source>
        <translation>Month</translation>
    </message>
    <message>
        <source>Квартал</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <source>Сегодняшний день</source>
        <translation>Today only</translation>
    </message>
    <message>
        <source>С начала текущего периода по сегодня</source>
        <translation>From the start of the current period to today</translation>
    </message>
    <message>
        <source>Экспорт CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Экспорт PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>Сейчас</source>
        <translation>Now</translation>
    </message>
    <message>
        <source>По часам</source>
        <translation>By hour</translation>
    </message>
    <message>
        <source>По дням</source>
        <translation>By day</translation>
    </message>
    <message>
        <source>Сотрудники</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Качество</source>
        <translation>Quality</translation>
    </message>
    <message>
        <source>Ждут и дольше всех ждёт — сейчас; ожидание, приём, обслужено и неявки — сегодня с начала дня, в рабочем времени; цвет — против норматива.</source>
        <translation>Waiting and longest wait: right now; wait, service, served and no-shows: today since the start of the day, in working time; the colour compares with the norm.</translation>
    </message>
    <message>
        <source>Окна</source>
        <translation>Desks</translation>
    </message>
    <message>
        <source>Этапы, обслуженные до конца за период (принятые и переданные дальше), неявки у окна сотрудника; время приёма — рабочее, в норме — по нормативу этапа.</source>
        <translation>Stages fully served in the period (finished or routed on) and no-shows at the staff member&apos;s desk; service time is working time, within norm is against the stage&apos;s norm.</translation>
    </message>
    <message>
        <source>Повторный визит — тот же лицевой счёт в пределах</source>
        <translation>A repeat visit: the same account number within</translation>
    </message>
    <message>
        <source> дн.</source>
        <translation> days</translation>
    </message>
    <message>
        <source>до визита (8.3.2).</source>
        <translation>before the visit (8.3.2).</translation>
    </message>
    <message>
        <source>Нормативы ЦОК (Таблица 1 стандарта — рекомендуемые средние значения)</source>
        <translation>Service centre norms (Table 1 of the standard: recommended averages)</translation>
    </message>
    <message>
        <source>Ожидание в очереди, мин</source>
        <translation>Wait in the queue, min</translation>
    </message>
    <message>
        <source> мин</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Сохранить нормативы…</source>
        <translation>Save the norms…</translation>
    </message>
    <message>
        <source>Журнал изменений нормативов</source>
        <translation>Norms change log</translation>
    </message>
    <message>
        <source>Все центры</source>
        <translation>All centres</translation>
    </message>
    <message>
        <source>Сервер пока не выдаёт отчёты панели (нет операции dashboard): показана только текущая обстановка. Обновите сервер.</source>
        <translation>The server does not give dashboard reports yet (no dashboard operation): only the current situation is shown. Update the server.</translation>
    </message>
    <message>
        <source>Начало периода позже его конца: поправьте даты.</source>
        <translation>The period starts after it ends: correct the dates.</translation>
    </message>
    <message>
        <source>Период длиннее десяти лет: выберите короче.</source>
        <translation>The period is longer than ten years: choose a shorter one.</translation>
    </message>
    <message>
        <source>Время сервера %1 · %2</source>
        <translation>Server time %1 · %2</translation>
    </message>
    <message>
        <source> (вызван)</source>
        <translation> (called)</translation>
    </message>
    <message>
        <source> (на приёме)</source>
        <translation> (being served)</translation>
    </message>
    <message>
        <source>Окно %1</source>
        <translation>Desk %1</translation>
    </message>
    <message>
        <source>ждёт</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>на приёме, окно %1</source>
        <translation>being served, desk %1</translation>
    </message>
    <message>
        <source>Сверх нормы никого нет</source>
        <translation>Nobody is over the norm</translation>
    </message>
    <message>
        <source>Сверх нормы: ждут %1, на приёме %2</source>
        <translation>Over the norm: %1 waiting, %2 being served</translation>
    </message>
    <message>
        <source>Визитов за период</source>
        <translation>Visits in the period</translation>
    </message>
    <message>
        <source>Завершённых визитов</source>
        <translation>Completed visits</translation>
    </message>
    <message>
        <source>Контактов на визит (8.3.1: чем меньше, тем лучше)</source>
        <translation>Contacts per visit (8.3.1: the fewer, the better)</translation>
    </message>
    <message>
        <source>Вызовов к окну</source>
        <translation>Calls to a desk</translation>
    </message>
    <message>
        <source>Неявок</source>
        <translation>No-shows</translation>
    </message>
    <message>
        <source>Доля неявок</source>
        <translation>No-show rate</translation>
    </message>
    <message>
        <source>Визитов с лицевым счётом</source>
        <translation>Visits with an account number</translation>
    </message>
    <message>
        <source>Повторных визитов в пределах %1 дн. (8.3.2)</source>
        <translation>Repeat visits within %1 days (8.3.2)</translation>
    </message>
    <message>
        <source>Доля повторных визитов</source>
        <translation>Share of repeat visits</translation>
    </message>
    <message>
        <source>Нет данных за период.</source>
        <translation>No data for the period.</translation>
    </message>
    <message>
        <source>Контактов на визит: &lt;b&gt;%1&lt;/b&gt; · повторных визитов за %2 дн.: &lt;b&gt;%3&lt;/b&gt; · неявок: &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>Contacts per visit: &lt;b&gt;%1&lt;/b&gt; · repeat visits within %2 days: &lt;b&gt;%3&lt;/b&gt; · no-shows: &lt;b&gt;%4&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Выберите ЦОК, чтобы увидеть и изменить его нормативы.</source>
        <translation>Choose a service centre to see and change its norms.</translation>
    </message>
    <message>
        <source>Нормативы меняет только руководитель.</source>
        <translation>Only a manager can change the norms.</translation>
    </message>
    <message>
        <source>Изменение применяется сразу ко всем отчётам и оповещениям «%1» и записывается в журнал: кто, когда, было и стало.</source>
        <translation>A change applies at once to all reports and alerts of “%1” and is logged: who, when, before and after.</translation>
    </message>
    <message>
        <source>ожидание %1, приём %2</source>
        <translation>wait %1, service %2</translation>
    </message>
    <message>
        <source>Норматив должен быть от 1 до 600 минут.</source>
        <translation>A norm must be from 1 to 600 minutes.</translation>
    </message>
    <message>
        <source>%1: ожидание %2 → %3 мин, приём %4 → %5 мин</source>
        <translation>%1: wait %2 → %3 min, service %4 → %5 min</translation>
    </message>
    <message>
        <source>Нормативы не изменились.</source>
        <translation>The norms are the same as before: nothing to save.</translation>
    </message>
    <message>
        <source>Изменить нормативы ЦОК «%1»?

%2

Изменение будет записано в журнал.</source>
        <translation>Change the norms of the service centre “%1”?

%2

The change will be logged.</translation>
    </message>
    <message>
        <source>Нормативы не изменены.</source>
        <translation>The norms were not changed.</translation>
    </message>
    <message>
        <source>Нормативы сохранены и записаны в журнал.</source>
        <translation>The norms were saved and logged.</translation>
    </message>
    <message>
        <source>сейчас и сегодня, %1</source>
        <translation>now and today, %1</translation>
    </message>
    <message>
        <source>на %1</source>
        <translation>as of %1</translation>
    </message>
    <message>
        <source>Очереди по этапам</source>
        <translation>Queues by stage</translation>
    </message>
    <message>
        <source>По часам дня</source>
        <translation>By hour of the day</translation>
    </message>
    <message>
        <source>Показатели качества</source>
        <translation>Quality indicators</translation>
    </message>
    <message>
        <source>Отчёт сохранён: %1</source>
        <translation>Report saved: %1</translation>
    </message>
    <message>
        <source>Админ.</source>
        <translation>Admin</translation>
    </message>
    <message>
        <source>Конс.</source>
        <translation>Consult.</translation>
    </message>
    <message>
        <source>Касса</source>
        <translation>Cash</translation>
    </message>
    <message>
        <source>Сверх
нормы</source>
        <translation>Over
the norm</translation>
    </message>
    <message>
        <source>%1
ждут</source>
        <translation>%1
waiting</translation>
    </message>
    <message>
        <source>%1
дольше всех</source>
        <translation>%1
longest</translation>
    </message>
    <message>
        <source>%1
ср. ожидание</source>
        <translation>%1
avg. wait</translation>
    </message>
    <message>
        <source>%1
в норме</source>
        <translation>%1
within norm</translation>
    </message>
    <message>
        <source>&lt;b&gt;По центрам&lt;/b&gt; — ждут, дольше всех ждёт и сверх нормы — сейчас; среднее ожидание и доля в норме — сегодня; цвет — против нормативов своего ЦОК. Щелчок по заголовку упорядочивает.</source>
        <translation>&lt;b&gt;By centre&lt;/b&gt;: waiting, longest wait and over the norm are right now; average wait and share within norm are today; the colour compares with the centre&apos;s own norms. Click a header to sort.</translation>
    </message>
    <message>
        <source>открыто ЦОК: %1 из %2</source>
        <translation>service centres open: %1 of %2</translation>
    </message>
    <message>
        <source>%1, %2: норматив ожидания %3, приёма %4</source>
        <translation>%1, %2: wait norm %3, service norm %4</translation>
    </message>
    <message>
        <source>По центрам</source>
        <translation>By centre</translation>
    </message>
    <message>
        <source>свободно</source>
        <translation>free</translation>
    </message>
    <message>
        <source>%1 из %2: вызваны в пределах норматива — из вызванных сегодня (%3) и ещё ждущих сверх норматива (%4)</source>
        <translation>%1 of %2: called within the norm, out of those called today (%3) and those still waiting past the norm (%4)</translation>
    </message>
    <message>
        <source>В очереди с</source>
        <translation>Queued at</translation>
    </message>
    <message>
        <source>Дообслуживание: талоны на сегодня больше не выдаются, ещё не обслужены %1 (ждут %2, у окон %3)</source>
        <translation>Day&apos;s end: no more tickets today; not yet served: %1 (waiting %2, at desks %3)</translation>
    </message>
</context>
<context>
    <name>okno::KioskRules</name>
    <message>
        <source>выходной</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>, обед %1–%2</source>
        <translation>, lunch %1–%2</translation>
    </message>
    <message>
        <source>января</source>
        <translation>January</translation>
    </message>
    <message>
        <source>февраля</source>
        <translation>February</translation>
    </message>
    <message>
        <source>марта</source>
        <translation>March</translation>
    </message>
    <message>
        <source>апреля</source>
        <translation>April</translation>
    </message>
    <message>
        <source>мая</source>
        <translation>May</translation>
    </message>
    <message>
        <source>июня</source>
        <translation>June</translation>
    </message>
    <message>
        <source>июля</source>
        <translation>July</translation>
    </message>
    <message>
        <source>августа</source>
        <translation>August</translation>
    </message>
    <message>
        <source>сентября</source>
        <translation>September</translation>
    </message>
    <message>
        <source>октября</source>
        <translation>October</translation>
    </message>
    <message>
        <source>ноября</source>
        <translation>November</translation>
    </message>
    <message>
        <source>декабря</source>
        <translation>December</translation>
    </message>
    <message>
        <source>Время открытия уточните, пожалуйста, у администратора.</source>
        <translation>Please ask the administrator when we open.</translation>
    </message>
    <message>
        <source>Откроется %1.</source>
        <translation>Opens %1.</translation>
    </message>
    <message>
        <source>Терминал готовится к работе</source>
        <translation>The terminal is getting ready</translation>
    </message>
    <message>
        <source>Подождите, пожалуйста, несколько секунд.</source>
        <translation>Please wait a few seconds.</translation>
    </message>
    <message>
        <source>Центр не принимает посетителей</source>
        <translation>The service centre is not receiving visitors</translation>
    </message>
    <message>
        <source>Обратитесь, пожалуйста, к администратору.</source>
        <translation>Please see the administrator.</translation>
    </message>
    <message>
        <source>Обеденный перерыв до %1</source>
        <translation>Lunch break until %1</translation>
    </message>
    <message>
        <source>Талоны снова выдаются с %1.</source>
        <translation>Tickets are issued again from %1.</translation>
    </message>
    <message>
        <source>Центр ещё не открылся</source>
        <translation>The service centre is not open yet</translation>
    </message>
    <message>
        <source>Центр закрыт</source>
        <translation>The service centre is closed</translation>
    </message>
    <message>
        <source>Сегодня нерабочий день: %1.</source>
        <translation>Today is not a working day: %1.</translation>
    </message>
    <message>
        <source>Сегодня выходной.</source>
        <translation>Today is a day off.</translation>
    </message>
    <message>
        <source>Рабочий день окончен.</source>
        <translation>The working day is over.</translation>
    </message>
    <message>
        <source>Выдача талонов на сегодня закончена</source>
        <translation>No more tickets today</translation>
    </message>
    <message>
        <source>Талоны выдаются до %1, центр работает до %2.</source>
        <translation>Tickets are issued until %1; the service centre is open until %2.</translation>
    </message>
    <message>
        <source>Выдача талонов сейчас не ведётся</source>
        <translation>Tickets are not being issued now</translation>
    </message>
    <message>
        <source>Сегодня выходной</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Сегодня: %1</source>
        <translation>Today: %1</translation>
    </message>
    <message>
        <source>Пн</source>
        <translation>Mon</translation>
    </message>
    <message>
        <source>Вт</source>
        <translation>Tue</translation>
    </message>
    <message>
        <source>Ср</source>
        <translation>Wed</translation>
    </message>
    <message>
        <source>Чт</source>
        <translation>Thu</translation>
    </message>
    <message>
        <source>Пт</source>
        <translation>Fri</translation>
    </message>
    <message>
        <source>Сб</source>
        <translation>Sat</translation>
    </message>
    <message>
        <source>Вс</source>
        <translation>Sun</translation>
    </message>
    <message>
        <source>Консультация</source>
        <translation>Consultation</translation>
    </message>
    <message>
        <source>Договор, счета и перерасчёт, тарифы, жалобы</source>
        <translation>Contract, bills and recalculation, tariffs, complaints</translation>
    </message>
    <message>
        <source>Передать показания</source>
        <translation>Submit meter readings</translation>
    </message>
    <message>
        <source>Показания счётчика электроэнергии</source>
        <translation>Electricity meter readings</translation>
    </message>
    <message>
        <source>Показания счётчика</source>
        <translation>Meter readings</translation>
    </message>
    <message>
        <source>Оплата</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Оплата электроэнергии в кассе</source>
        <translation>Pay for electricity at the cash desk</translation>
    </message>
    <message>
        <source>Консультация специалиста</source>
        <translation>A specialist&apos;s advice</translation>
    </message>
    <message>
        <source>Касса</source>
        <translation>Cash desk</translation>
    </message>
    <message>
        <source>Администратор</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Другой вопрос</source>
        <translation>Something else</translation>
    </message>
    <message>
        <source>Администратор выслушает и подскажет, куда обратиться</source>
        <translation>The administrator will listen and tell you where to go</translation>
    </message>
    <message>
        <source>Специалист выслушает и подскажет, что делать</source>
        <translation>A specialist will listen and tell you what to do</translation>
    </message>
    <message>
        <source>понедельник</source>
        <translation>Monday</translation>
    </message>
    <message>
        <source>вторник</source>
        <translation>Tuesday</translation>
    </message>
    <message>
        <source>среда</source>
        <translation>Wednesday</translation>
    </message>
    <message>
        <source>четверг</source>
        <translation>Thursday</translation>
    </message>
    <message>
        <source>пятница</source>
        <translation>Friday</translation>
    </message>
    <message>
        <source>суббота</source>
        <translation>Saturday</translation>
    </message>
    <message>
        <source>воскресенье</source>
        <translation>Sunday</translation>
    </message>
    <message>
        <source>в понедельник</source>
        <translation>on Monday</translation>
    </message>
    <message>
        <source>во вторник</source>
        <translation>on Tuesday</translation>
    </message>
    <message>
        <source>в среду</source>
        <translation>on Wednesday</translation>
    </message>
    <message>
        <source>в четверг</source>
        <translation>on Thursday</translation>
    </message>
    <message>
        <source>в пятницу</source>
        <translation>on Friday</translation>
    </message>
    <message>
        <source>в субботу</source>
        <translation>on Saturday</translation>
    </message>
    <message>
        <source>в воскресенье</source>
        <translation>on Sunday</translation>
    </message>
    <message>
        <source>сегодня</source>
        <translation>today</translation>
    </message>
    <message>
        <source>завтра</source>
        <translation>tomorrow</translation>
    </message>
    <message>
        <source>%1 в %2</source>
        <translation>%1 at %2</translation>
    </message>
    <message numerus="yes">
        <source>%n человек</source>
        <translation>
            <numerusform>%n person</numerusform>
            <numerusform>%n people</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>okno::KioskWindow</name>
    <message>
        <source>Окно — талоны</source>
        <translation>Okno — tickets</translation>
    </message>
    <message>
        <source>Энергосбытовая компания</source>
        <translation>Energy supply company</translation>
    </message>
    <message>
        <source>Добро пожаловать!</source>
        <translation>Welcome!</translation>
    </message>
    <message>
        <source>Получить талон</source>
        <translation>Get a ticket</translation>
    </message>
    <message>
        <source>Нажмите здесь, чтобы встать в очередь</source>
        <translation>Tap here to join the queue</translation>
    </message>
    <message>
        <source>Ветераны, инвалиды и другие льготные категории посетителей обслуживаются вне очереди.</source>
        <translation>Veterans, people with disabilities and other priority visitors are served ahead of the queue.</translation>
    </message>
    <message>
        <source>Назад</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Цель визита</source>
        <translation>Purpose of visit</translation>
    </message>
    <message>
        <source>Выберите, зачем вы пришли: нажмите на кнопку.</source>
        <translation>What have you come for? Tap a button.</translation>
    </message>
    <message>
        <source>Льготная категория</source>
        <translation>Priority group</translation>
    </message>
    <message>
        <source>Если вы имеете право на обслуживание вне очереди, выберите свою категорию.</source>
        <translation>If you are entitled to be served ahead of the queue, choose your group.</translation>
    </message>
    <message>
        <source>Нет, обычная очередь</source>
        <translation>No, the usual queue</translation>
    </message>
    <message>
        <source>Документ, подтверждающий льготу, проверит сотрудник, когда вас пригласят.</source>
        <translation>A staff member will check the document that proves your entitlement when you are called.</translation>
    </message>
    <message>
        <source>Печатаем талон…</source>
        <translation>Printing your ticket…</translation>
    </message>
    <message>
        <source>Подождите, пожалуйста.</source>
        <translation>Please wait.</translation>
    </message>
    <message>
        <source>Ваш талон</source>
        <translation>Your ticket</translation>
    </message>
    <message>
        <source>Готово</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Терминал временно не работает, обратитесь к администратору</source>
        <translation>This terminal is out of service for now, please see the administrator</translation>
    </message>
    <message>
        <source>Нет связи с сервером. Терминал восстановит её сам.</source>
        <translation>No connection to the server. The terminal will reconnect by itself.</translation>
    </message>
    <message>
        <source>Сейчас в очереди: %1</source>
        <translation>In the queue now: %1</translation>
    </message>
    <message>
        <source>Очереди нет</source>
        <translation>No queue</translation>
    </message>
    <message>
        <source>Часы работы</source>
        <translation>Opening hours</translation>
    </message>
    <message>
        <source>Телефон контакт-центра: %1</source>
        <translation>Contact centre phone: %1</translation>
    </message>
    <message>
        <source>Экран вернётся к началу через %1 с</source>
        <translation>Back to the start in %1 s</translation>
    </message>
    <message>
        <source>Цель визита: %1</source>
        <translation>Purpose of visit: %1</translation>
    </message>
    <message>
        <source>Перед вами никого нет</source>
        <translation>Nobody is ahead of you</translation>
    </message>
    <message>
        <source>Вас скоро пригласят</source>
        <translation>You will be called shortly</translation>
    </message>
    <message>
        <source>Перед вами: %1</source>
        <translation>Ahead of you: %1</translation>
    </message>
    <message>
        <source>Ожидание ≈ %1 мин</source>
        <translation>Wait ≈ %1 min</translation>
    </message>
    <message>
        <source>Льгота: %1. Приготовьте документ — его проверит сотрудник.</source>
        <translation>Priority: %1. Have your document ready: a staff member will check it.</translation>
    </message>
    <message>
        <source>Возьмите талон. Следите за табло: номер талона и окна появятся на экране.</source>
        <translation>Take your ticket and watch the board: your ticket number and desk will appear on the screen.</translation>
    </message>
    <message>
        <source>Талон не удалось напечатать. Запомните номер %1 и следите за табло.</source>
        <translation>The ticket could not be printed. Remember the number %1 and watch the board.</translation>
    </message>
    <message>
        <source>Талон не выдан: нет связи с сервером. Обратитесь, пожалуйста, к администратору.</source>
        <translation>No ticket was issued: no connection to the server. Please see the administrator.</translation>
    </message>
    <message>
        <source>Талон не выдан. Попробуйте ещё раз или обратитесь к администратору.</source>
        <translation>No ticket was issued. Please try again or see the administrator.</translation>
    </message>
    <message>
        <source>Терминал отключён, обратитесь к администратору</source>
        <translation>The terminal is disconnected, please contact the administrator</translation>
    </message>
    <message>
        <source>Терминал нужно настроить заново.</source>
        <translation>The terminal needs to be set up again.</translation>
    </message>
</context>
<context>
    <name>okno::ReceptionWindow</name>
    <message>
        <source>Окно — администратор</source>
        <translation>Okno — administrator</translation>
    </message>
    <message>
        <source>Регистрация посетителя</source>
        <translation>Register a visitor</translation>
    </message>
    <message>
        <source>Оплата</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Показания счётчика</source>
        <translation>Meter readings</translation>
    </message>
    <message>
        <source>Перерасчёт</source>
        <translation>Recalculation</translation>
    </message>
    <message>
        <source>Договор</source>
        <translation>Contract</translation>
    </message>
    <message>
        <source>Справка</source>
        <translation>Certificate</translation>
    </message>
    <message>
        <source>Жалоба</source>
        <translation>Complaint</translation>
    </message>
    <message>
        <source>Консультация по тарифам</source>
        <translation>Tariffs</translation>
    </message>
    <message>
        <source>6–20 цифр, необязательно</source>
        <translation>6–20 digits, optional</translation>
    </message>
    <message>
        <source>Цель визита</source>
        <translation>Purpose of visit</translation>
    </message>
    <message>
        <source>Лицевой счёт</source>
        <translation>Account number</translation>
    </message>
    <message>
        <source>ФИО</source>
        <translation>Full name</translation>
    </message>
    <message>
        <source>Льгота</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>К консультанту</source>
        <translation>To a consultant</translation>
    </message>
    <message>
        <source>В кассу</source>
        <translation>To the cash desk</translation>
    </message>
    <message>
        <source>К администратору</source>
        <translation>To the administrator</translation>
    </message>
    <message>
        <source>Направить к консультанту</source>
        <translation>Send to a consultant</translation>
    </message>
    <message>
        <source>Направить в кассу</source>
        <translation>Send to the cash desk</translation>
    </message>
    <message>
        <source>Очереди ЦОК</source>
        <translation>The centre&apos;s queues</translation>
    </message>
    <message>
        <source>Отложить</source>
        <translation>Postpone</translation>
    </message>
    <message>
        <source>Вернуть в очередь</source>
        <translation>Back to the queue</translation>
    </message>
    <message>
        <source>Льгота…</source>
        <translation>Priority…</translation>
    </message>
    <message>
        <source>Отменить</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Отмена визита</source>
        <translation>Cancel visit</translation>
    </message>
    <message>
        <source>Отменить выбранный визит?</source>
        <translation>Cancel the selected visit?</translation>
    </message>
    <message>
        <source>отменён администратором</source>
        <translation>cancelled by the administrator</translation>
    </message>
    <message>
        <source>нет</source>
        <translation>none</translation>
    </message>
    <message>
        <source>Лицевой счёт — от 6 до 20 цифр (пробелы и дефисы допускаются).</source>
        <translation>The account number is 6 to 20 digits (spaces and dashes allowed).</translation>
    </message>
    <message>
        <source>Талон %1 сохранён: %2</source>
        <translation>Ticket %1 saved: %2</translation>
    </message>
    <message>
        <source>Выберите визит в таблице.</source>
        <translation>Select a visit in the table.</translation>
    </message>
    <message>
        <source>Готово: %1</source>
        <translation>Done: %1</translation>
    </message>
    <message>
        <source>История визита:</source>
        <translation>Visit history:</translation>
    </message>
    <message>
        <source>ЦОК открыт, талоны выдаются</source>
        <translation>Centre open, tickets are issued</translation>
    </message>
    <message>
        <source>Льгота — %1</source>
        <translation>Priority — %1</translation>
    </message>
    <message>
        <source>Льготная категория посетителя %1:</source>
        <translation>Priority category of visitor %1:</translation>
    </message>
    <message>
        <source>Посетителя с льготой вызывают раньше других; документ проверяют при вызове.</source>
        <translation>A visitor with a priority category is called before others; the document is checked when they are called.</translation>
    </message>
    <message>
        <source>Льгота посетителя %1 не изменилась.</source>
        <translation>The priority category of %1 is unchanged.</translation>
    </message>
    <message>
        <source>Вызов ожидается после закрытия: ЦОК дообслужит — предупредите посетителя.</source>
        <translation>The call is expected after closing: the centre serves the day&apos;s visitors after hours — tell the visitor.</translation>
    </message>
    <message>
        <source>Вызов ожидается после закрытия: посетителя могут не успеть обслужить — предупредите его.</source>
        <translation>The call is expected after closing: the visitor may not be served today — tell them.</translation>
    </message>
    <message>
        <source>перед вами: %1, ожидание ≈ %2 мин</source>
        <translation>ahead of you: %1, wait ≈ %2 min</translation>
    </message>
    <message>
        <source>в очереди с %1</source>
        <translation>queued since %1</translation>
    </message>
    <message>
        <source>вызван в %1</source>
        <translation>called at %1</translation>
    </message>
    <message>
        <source>приём %1–%2</source>
        <translation>served %1–%2</translation>
    </message>
    <message>
        <source>приём с %1</source>
        <translation>being served since %1</translation>
    </message>
</context>
<context>
    <name>okno::ReversalDialog</name>
    <message>
        <source>Сторно — подтверждение руководителя</source>
        <translation>Reversal — manager&apos;s confirmation</translation>
    </message>
    <message>
        <source>Платёж</source>
        <translation>Payment</translation>
    </message>
    <message>
        <source>Причина</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Логин руководителя</source>
        <translation>Manager&apos;s login</translation>
    </message>
    <message>
        <source>Пароль руководителя</source>
        <translation>Manager&apos;s password</translation>
    </message>
    <message>
        <source>Сторнировать</source>
        <translation>Reverse</translation>
    </message>
    <message>
        <source>Укажите причину сторно.</source>
        <translation>Give the reason for the reversal.</translation>
    </message>
    <message>
        <source>Нужны логин и пароль руководителя.</source>
        <translation>The manager&apos;s login and password are needed.</translation>
    </message>
</context>
<context>
    <name>okno::dashboard</name>
    <message>
        <source>Час</source>
        <translation>Hour</translation>
    </message>
    <message>
        <source>Пришло</source>
        <translation>Arrived</translation>
    </message>
    <message>
        <source>Вызвано</source>
        <translation>Called</translation>
    </message>
    <message>
        <source>Ожидание
среднее</source>
        <translation>Wait
average</translation>
    </message>
    <message>
        <source>Ожидание
p90</source>
        <translation>Wait
p90</translation>
    </message>
    <message>
        <source>Ожидание
в норме</source>
        <translation>Wait
within norm</translation>
    </message>
    <message>
        <source>Приёмов</source>
        <translation>Services</translation>
    </message>
    <message>
        <source>Приём
средний</source>
        <translation>Service
average</translation>
    </message>
    <message>
        <source>Приём
p90</source>
        <translation>Service
p90</translation>
    </message>
    <message>
        <source>Приём
в норме</source>
        <translation>Service
within norm</translation>
    </message>
    <message>
        <source>%1 мин</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Отчёт</source>
        <translation>Report</translation>
    </message>
    <message>
        <source>ЦОК</source>
        <translation>Service centre</translation>
    </message>
    <message>
        <source>Период</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Составлен</source>
        <translation>Compiled on</translation>
    </message>
    <message>
        <source>Составил</source>
        <translation>Compiled by</translation>
    </message>
    <message>
        <source>Не удалось записать файл %1: %2</source>
        <translation>Could not write the file %1: %2</translation>
    </message>
    <message>
        <source>Панель руководителя: </source>
        <translation>Manager&apos;s dashboard: </translation>
    </message>
    <message>
        <source>ЦОК: </source>
        <translation>Service centre: </translation>
    </message>
    <message>
        <source>Период: </source>
        <translation>Period: </translation>
    </message>
    <message>
        <source>Составлен: </source>
        <translation>Compiled on: </translation>
    </message>
    <message>
        <source>Составил: </source>
        <translation>Compiled by: </translation>
    </message>
    <message>
        <source>нет данных</source>
        <translation>no data</translation>
    </message>
    <message>
        <source>Не удалось записать файл %1</source>
        <translation>Could not write the file %1</translation>
    </message>
</context>
<context>
    <name>okno::dashboard::ChartPanel</name>
    <message>
        <source>Дата</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Обслужено</source>
        <translation>Served</translation>
    </message>
    <message>
        <source>Этап:</source>
        <translation>Stage:</translation>
    </message>
    <message>
        <source>Все этапы</source>
        <translation>All stages</translation>
    </message>
    <message>
        <source>Ожидание и приём — минуты рабочего времени; пунктир — норматив этапа.</source>
        <translation>Wait and service in minutes of working time; the dashed line is the stage&apos;s norm.</translation>
    </message>
    <message>
        <source>Приход посетителей по часам</source>
        <translation>Visitors arriving by hour</translation>
    </message>
    <message>
        <source>Посетители по дням</source>
        <translation>Visitors by day</translation>
    </message>
    <message>
        <source>пришло</source>
        <translation>arrived</translation>
    </message>
    <message>
        <source>обслужено этапов</source>
        <translation>stages served</translation>
    </message>
    <message>
        <source>человек</source>
        <translation>people</translation>
    </message>
    <message>
        <source>среднее</source>
        <translation>average</translation>
    </message>
    <message>
        <source>90-й процентиль</source>
        <translation>90th percentile</translation>
    </message>
    <message>
        <source>минуты</source>
        <translation>minutes</translation>
    </message>
    <message>
        <source>норматив %1 мин</source>
        <translation>norm %1 min</translation>
    </message>
    <message>
        <source>Ожидание в очереди</source>
        <translation>Wait in the queue</translation>
    </message>
    <message>
        <source>Время приёма</source>
        <translation>Service time</translation>
    </message>
</context>
<context>
    <name>okno::ui</name>
    <message>
        <source>ЦОК сейчас не принимает посетителей.</source>
        <translation>The centre is not serving visitors now.</translation>
    </message>
    <message>
        <source>В очереди никого нет.</source>
        <translation>Nobody is waiting.</translation>
    </message>
    <message>
        <source>Окно не открыто, на перерыве или занято текущим посетителем.</source>
        <translation>The desk is not open, on a break, or busy with the current visitor.</translation>
    </message>
    <message>
        <source>Недостаточно прав для этого действия.</source>
        <translation>You may not do this.</translation>
    </message>
    <message>
        <source>Неверный логин или пароль.</source>
        <translation>Wrong login or password.</translation>
    </message>
    <message>
        <source>Проверьте введённые данные.</source>
        <translation>Check what you entered.</translation>
    </message>
    <message>
        <source>Не найдено.</source>
        <translation>Not found.</translation>
    </message>
    <message>
        <source>Конфликт данных: обновите экран.</source>
        <translation>Conflicting data: refresh the screen.</translation>
    </message>
    <message>
        <source>Нет связи с сервером. Действие будет выполнено после восстановления связи.</source>
        <translation>No connection to the server. The action will be done when it returns.</translation>
    </message>
    <message>
        <source>Ошибка сервера.</source>
        <translation>Server error.</translation>
    </message>
    <message>
        <source>Сеанс завершён — войдите заново.</source>
        <translation>The session has ended — please log in again.</translation>
    </message>
    <message>
        <source>Неверный логин или пароль. Введите их ещё раз.</source>
        <translation>Wrong login or password. Please enter them again.</translation>
    </message>
    <message>
        <source>Эта учётная запись не может работать за этим терминалом.</source>
        <translation>This account cannot work at this terminal.</translation>
    </message>
    <message>
        <source>Такого окна нет в этом ЦОК: проверьте номер окна.</source>
        <translation>There is no such desk in this centre: check the desk number.</translation>
    </message>
    <message>
        <source>Проверьте логин, пароль и номер окна.</source>
        <translation>Check the login, password and desk number.</translation>
    </message>
    <message>
        <source>Сервер сейчас недоступен. Попробуйте ещё раз.</source>
        <translation>The server is not available now. Please try again.</translation>
    </message>
    <message>
        <source>Вход не выполнен: ошибка сервера.</source>
        <translation>Login failed: server error.</translation>
    </message>
    <message>
        <source>Сейчас это действие для талона невозможно.</source>
        <translation>This action is not possible for the ticket now.</translation>
    </message>
    <message>
        <source>Код ошибки для администратора ИТ: %1</source>
        <translation>Error code for the IT administrator: %1</translation>
    </message>
    <message>
        <source>Слишком много неудачных попыток ввода пароля. Подождите или обратитесь к системному администратору.</source>
        <translation>Too many failed password attempts. Wait, or ask the system administrator.</translation>
    </message>
    <message>
        <source>Слишком много неудачных попыток входа: вход временно заблокирован. Подождите несколько минут или обратитесь к системному администратору.</source>
        <translation>Too many failed logins: logging in is blocked for a while. Wait a few minutes or ask the system administrator.</translation>
    </message>
    <message>
        <source>Сервер сейчас строит другие отчёты. Повторите через минуту.</source>
        <translation>The server is building other reports right now. Try again in a minute.</translation>
    </message>
</context>
<context>
    <name>okno::ui::ConnectionBanner</name>
    <message>
        <source>Связь с сервером установлена</source>
        <translation>Connected to the server</translation>
    </message>
    <message>
        <source>Нет связи с сервером — переподключение…</source>
        <translation>No connection to the server — reconnecting…</translation>
    </message>
    <message>
        <source>Сеанс завершён: %1</source>
        <translation>Session ended: %1</translation>
    </message>
    <message>
        <source>Связь с сервером установлена · защищена (%1)</source>
        <translation>Connected to the server · protected (%1)</translation>
    </message>
    <message>
        <source>Сертификат сервера, SHA-256: %1</source>
        <translation>Server certificate, SHA-256: %1</translation>
    </message>
    <message>
        <source>Связь с сервером установлена · без шифрования</source>
        <translation>Connected to the server · not encrypted</translation>
    </message>
    <message>
        <source>Сервер работает на этом компьютере</source>
        <translation>The server runs on this computer</translation>
    </message>
    <message>
        <source>Сертификат сервера не принят — соединение остановлено. Сообщите в ИТ-службу</source>
        <translation>The server certificate was not accepted — connection stopped. Tell the IT department</translation>
    </message>
    <message>
        <source>Сервер предъявил сертификат SHA-256 %1, которому этот терминал не доверяет. Перезапустите терминал, когда ИТ-служба проверит сервер.</source>
        <translation>The server showed certificate SHA-256 %1, which this terminal does not trust. Restart the terminal once the IT department has checked the server.</translation>
    </message>
</context>
<context>
    <name>okno::ui::DomainText</name>
    <message>
        <source>Администратор</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Менеджер-консультант</source>
        <translation>Customer service consultant</translation>
    </message>
    <message>
        <source>Оператор (контролер-кассир)</source>
        <translation>Operator (cashier)</translation>
    </message>
    <message>
        <source>Руководитель ЦОК</source>
        <translation>Centre manager</translation>
    </message>
    <message>
        <source>Системный администратор</source>
        <translation>System administrator</translation>
    </message>
    <message>
        <source>Информационное табло</source>
        <translation>Information board</translation>
    </message>
    <message>
        <source>Терминал самообслуживания</source>
        <translation>Self-service kiosk</translation>
    </message>
    <message>
        <source>Физическое лицо</source>
        <translation>Individual</translation>
    </message>
    <message>
        <source>Индивидуальный предприниматель</source>
        <translation>Sole proprietor</translation>
    </message>
    <message>
        <source>Юридическое лицо</source>
        <translation>Legal entity</translation>
    </message>
    <message>
        <source>Вопрос решён</source>
        <translation>Issue resolved</translation>
    </message>
    <message>
        <source>Требуется повторное обращение</source>
        <translation>Follow-up visit needed</translation>
    </message>
    <message>
        <source>Зарегистрировано письменное обращение</source>
        <translation>Written appeal registered</translation>
    </message>
    <message>
        <source>наличными</source>
        <translation>in cash</translation>
    </message>
    <message>
        <source>картой</source>
        <translation>by card</translation>
    </message>
    <message>
        <source>Заявление о заключении договора энергоснабжения</source>
        <translation>Application for an electricity supply contract</translation>
    </message>
    <message>
        <source>Акт о технологическом присоединении</source>
        <translation>Grid connection certificate</translation>
    </message>
    <message>
        <source>Акт допуска прибора учёта в эксплуатацию</source>
        <translation>Meter commissioning certificate</translation>
    </message>
    <message>
        <source>Документ, подтверждающий право собственности или пользования объектом</source>
        <translation>Proof of ownership or right to use the premises</translation>
    </message>
    <message>
        <source>Паспорт гражданина РФ</source>
        <translation>Russian passport</translation>
    </message>
    <message>
        <source>Документ, подтверждающий право собственности или пользования помещением</source>
        <translation>Proof of ownership or right to use the home</translation>
    </message>
    <message>
        <source>Акт о технологическом присоединении (при наличии)</source>
        <translation>Grid connection certificate (if any)</translation>
    </message>
    <message>
        <source>Свидетельство о регистрации ИП (ОГРНИП), ИНН</source>
        <translation>Sole proprietor registration certificate (OGRNIP), taxpayer number (INN)</translation>
    </message>
    <message>
        <source>Паспорт индивидуального предпринимателя</source>
        <translation>Passport of the sole proprietor</translation>
    </message>
    <message>
        <source>Заявление о заключении договора энергоснабжения на бланке организации</source>
        <translation>Application for an electricity supply contract on the organisation&apos;s letterhead</translation>
    </message>
    <message>
        <source>Учредительные документы, ОГРН, ИНН/КПП</source>
        <translation>Articles of association, registration number (OGRN), INN/KPP</translation>
    </message>
    <message>
        <source>Документ о полномочиях руководителя или доверенность представителя</source>
        <translation>Proof of the director&apos;s authority or the representative&apos;s power of attorney</translation>
    </message>
    <message>
        <source>Для ТСЖ, ЖСК, УК — протокол общего собрания или договор управления</source>
        <translation>For homeowners&apos; associations, housing cooperatives and management companies: minutes of the general meeting or the management agreement</translation>
    </message>
    <message>
        <source>Консультант</source>
        <translation>Consultant</translation>
    </message>
    <message>
        <source>Касса</source>
        <translation>Cash desk</translation>
    </message>
    <message>
        <source>ожидает</source>
        <translation>waiting</translation>
    </message>
    <message>
        <source>вызван</source>
        <translation>called</translation>
    </message>
    <message>
        <source>на приёме</source>
        <translation>being served</translation>
    </message>
    <message>
        <source>отложен</source>
        <translation>postponed</translation>
    </message>
    <message>
        <source>обслужен</source>
        <translation>served</translation>
    </message>
    <message>
        <source>не подошёл</source>
        <translation>no-show</translation>
    </message>
    <message>
        <source>передан дальше</source>
        <translation>routed on</translation>
    </message>
    <message>
        <source>отменён</source>
        <translation>cancelled</translation>
    </message>
    <message>
        <source>открыт</source>
        <translation>open</translation>
    </message>
    <message>
        <source>обеденный перерыв</source>
        <translation>lunch break</translation>
    </message>
    <message>
        <source>ещё не открылся</source>
        <translation>not open yet</translation>
    </message>
    <message>
        <source>закрыт</source>
        <translation>closed</translation>
    </message>
    <message>
        <source>ЦОК ещё не открылся, открытие в %1</source>
        <translation>The centre opens at %1</translation>
    </message>
    <message>
        <source>Обеденный перерыв до %1</source>
        <translation>Lunch break until %1</translation>
    </message>
    <message>
        <source>Выдача талонов на сегодня закончена, ЦОК работает до %1</source>
        <translation>No more tickets today, the centre is open until %1</translation>
    </message>
    <message>
        <source>Рабочий день окончен</source>
        <translation>The working day is over</translation>
    </message>
    <message>
        <source>Сегодня выходной</source>
        <translation>Closed today</translation>
    </message>
    <message>
        <source>Сегодня нерабочий день: %1</source>
        <translation>Not a working day: %1</translation>
    </message>
    <message>
        <source>Сегодня нерабочий день</source>
        <translation>Not a working day today</translation>
    </message>
    <message>
        <source>%1 — талоны снова выдаются %2</source>
        <translation>%1 — tickets are issued again %2</translation>
    </message>
    <message>
        <source>в понедельник</source>
        <translation>on Monday</translation>
    </message>
    <message>
        <source>во вторник</source>
        <translation>on Tuesday</translation>
    </message>
    <message>
        <source>в среду</source>
        <translation>on Wednesday</translation>
    </message>
    <message>
        <source>в четверг</source>
        <translation>on Thursday</translation>
    </message>
    <message>
        <source>в пятницу</source>
        <translation>on Friday</translation>
    </message>
    <message>
        <source>в субботу</source>
        <translation>on Saturday</translation>
    </message>
    <message>
        <source>в воскресенье</source>
        <translation>on Sunday</translation>
    </message>
    <message>
        <source>января</source>
        <translation>January</translation>
    </message>
    <message>
        <source>февраля</source>
        <translation>February</translation>
    </message>
    <message>
        <source>марта</source>
        <translation>March</translation>
    </message>
    <message>
        <source>апреля</source>
        <translation>April</translation>
    </message>
    <message>
        <source>мая</source>
        <translation>May</translation>
    </message>
    <message>
        <source>июня</source>
        <translation>June</translation>
    </message>
    <message>
        <source>июля</source>
        <translation>July</translation>
    </message>
    <message>
        <source>августа</source>
        <translation>August</translation>
    </message>
    <message>
        <source>сентября</source>
        <translation>September</translation>
    </message>
    <message>
        <source>октября</source>
        <translation>October</translation>
    </message>
    <message>
        <source>ноября</source>
        <translation>November</translation>
    </message>
    <message>
        <source>декабря</source>
        <translation>December</translation>
    </message>
    <message>
        <source>сегодня в %1</source>
        <translation>today at %1</translation>
    </message>
    <message>
        <source>завтра в %1</source>
        <translation>tomorrow at %1</translation>
    </message>
    <message>
        <source>%1, %2 %3, в %4</source>
        <translation>%1, %2 %3, at %4</translation>
    </message>
    <message>
        <source>Учётная запись отключена администратором</source>
        <translation>The account was deactivated by an administrator</translation>
    </message>
    <message>
        <source>Роль учётной записи изменена</source>
        <translation>The account&apos;s role was changed</translation>
    </message>
    <message>
        <source>Учётная запись перенесена в другой ЦОК</source>
        <translation>The account was moved to another centre</translation>
    </message>
    <message>
        <source>Логин изменён</source>
        <translation>The login was changed</translation>
    </message>
    <message>
        <source>Пароль изменён — войдите заново</source>
        <translation>The password was changed — please log in again</translation>
    </message>
    <message>
        <source>Учётная запись изменена администратором</source>
        <translation>The account was changed by an administrator</translation>
    </message>
    <message>
        <source>Пароль учётной записи изменён</source>
        <translation>The account&apos;s password was changed</translation>
    </message>
    <message>
        <source>не обслужен: день закончился</source>
        <translation>not served: the day ended</translation>
    </message>
</context>
<context>
    <name>okno::ui::LoginDialog</name>
    <message>
        <source>Сервер</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Логин</source>
        <translation>Login</translation>
    </message>
    <message>
        <source>Пароль</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Окно №</source>
        <translation>Desk no.</translation>
    </message>
    <message>
        <source>Адрес сервера не распознан: %1</source>
        <translation>The server address cannot be read: %1</translation>
    </message>
</context>
<context>
    <name>okno::ui::NormTimer</name>
    <message>
        <source>%1: %2:%3 (норматив %4 мин)</source>
        <translation>%1: %2:%3 (norm %4 min)</translation>
    </message>
</context>
<context>
    <name>okno::ui::QueueModel</name>
    <message>
        <source>%1 мин</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Талон</source>
        <translation>Ticket</translation>
    </message>
    <message>
        <source>Очередь</source>
        <translation>Queue</translation>
    </message>
    <message>
        <source>Льгота</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Ждёт</source>
        <translation>Waiting</translation>
    </message>
    <message>
        <source>Состояние</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Окно</source>
        <translation>Desk</translation>
    </message>
</context>
<context>
    <name>okno::ui::ServingDesk</name>
    <message>
        <source>Моё окно</source>
        <translation>My desk</translation>
    </message>
    <message>
        <source>Нет посетителя</source>
        <translation>No visitor</translation>
    </message>
    <message>
        <source>Ожидание</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>Приём</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Вызвать следующего</source>
        <translation>Call next</translation>
    </message>
    <message>
        <source>Повторить вызов</source>
        <translation>Call again</translation>
    </message>
    <message>
        <source>Начать приём</source>
        <translation>Start service</translation>
    </message>
    <message>
        <source>Завершить приём</source>
        <translation>Finish service</translation>
    </message>
    <message>
        <source>Не подошёл</source>
        <translation>No-show</translation>
    </message>
    <message>
        <source>Перерыв</source>
        <translation>Break</translation>
    </message>
    <message>
        <source>Вернуться с перерыва</source>
        <translation>Back from break</translation>
    </message>
    <message>
        <source>Завершить смену</source>
        <translation>End of shift</translation>
    </message>
    <message>
        <source>Сначала вызовите посетителя.</source>
        <translation>Call a visitor first.</translation>
    </message>
    <message>
        <source>Отметить, что посетитель %1 не подошёл? Талон будет закрыт, вернуть его в очередь будет нельзя.</source>
        <translation>Mark visitor %1 as not having come? The ticket will be closed and cannot be put back in the queue.</translation>
    </message>
    <message>
        <source>Завершить смену? Окно будет закрыто для посетителей, программа завершит работу.</source>
        <translation>End your shift? The desk will be closed to visitors and the program will exit.</translation>
    </message>
    <message>
        <source>Льгота — проверьте документ: %1</source>
        <translation>Priority — check the document: %1</translation>
    </message>
</context>
<context>
    <name>okno::ui::TerminalWindow</name>
    <message>
        <source>, окно %1</source>
        <translation>, desk %1</translation>
    </message>
</context>
<context>
    <name>okno::ui::WaitCheck</name>
    <message>
        <source>Перед посетителем в очереди: %1, ожидание ≈ %2 мин — вызов будет после закрытия (ЦОК работает до %3).</source>
        <translation>Ahead of the visitor: %1, wait ≈ %2 min — the call will come after closing (the centre works until %3).</translation>
    </message>
    <message>
        <source>ЦОК дообслужит посетителя после закрытия; предупредите его.</source>
        <translation>The centre will serve the visitor after closing; tell them so.</translation>
    </message>
    <message>
        <source>Посетителя могут не успеть обслужить; предупредите его.</source>
        <translation>The visitor may not be served today; tell them so.</translation>
    </message>
    <message>
        <source>Продолжить?</source>
        <translation>Go on?</translation>
    </message>
    <message>
        <source>Ожидание после закрытия</source>
        <translation>Wait past closing</translation>
    </message>
</context>
</TS>
