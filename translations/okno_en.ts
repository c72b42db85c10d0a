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
        <source>Вход не выполнен: %1</source>
        <translation>Login failed: %1</translation>
    </message>
    <message>
        <source>Окно — консультант</source>
        <translation>Okno — consultant</translation>
    </message>
    <message>
        <source>Окно — касса</source>
        <translation>Okno — cash desk</translation>
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
        <translation>roubles, e.g. 1 234,56</translation>
    </message>
    <message>
        <source>Оплата электроэнергии</source>
        <translation>Payment for electricity</translation>
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
        <source>Сторно последнего платежа…</source>
        <translation>Reverse the last payment…</translation>
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
        <source>наличными</source>
        <translation>in cash</translation>
    </message>
    <message>
        <source>картой</source>
        <translation>by card</translation>
    </message>
    <message>
        <source>Платёж принят: %1, сдача %2</source>
        <translation>Payment taken: %1, change %2</translation>
    </message>
    <message>
        <source>Нет платежа для сторно в этой смене.</source>
        <translation>No payment to reverse in this shift.</translation>
    </message>
    <message>
        <source>Сторно — подтверждение руководителя</source>
        <translation>Reversal — manager&apos;s confirmation</translation>
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
        <source>Платёж сторнирован.</source>
        <translation>The payment was reversed.</translation>
    </message>
    <message>
        <source>Смена открыта.</source>
        <translation>Shift opened.</translation>
    </message>
    <message>
        <source>Смена закрыта: итого %1.</source>
        <translation>Shift closed: total %1.</translation>
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
        <source>ЦОК открыт</source>
        <translation>Centre open</translation>
    </message>
    <message>
        <source>Обеденный перерыв</source>
        <translation>Lunch break</translation>
    </message>
    <message>
        <source>ЦОК закрыт</source>
        <translation>Centre closed</translation>
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
        <source>%1
перед вами: %2, ожидание ≈ %3 мин</source>
        <translation>%1
%2 ahead, wait ≈ %3 min</translation>
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
        <source>%1 · %2: в очереди %3, вызван %4, приём %5–%6 (%7)</source>
        <translation>%1 · %2: queued %3, called %4, served %5–%6 (%7)</translation>
    </message>
    <message>
        <source>История визита:</source>
        <translation>Visit history:</translation>
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
        <source>Это действие сейчас невозможно: состояние талона изменилось.</source>
        <translation>Not possible now: the ticket&apos;s state has changed.</translation>
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
</context>
<context>
    <name>okno::ui::Login</name>
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
</context>
<context>
    <name>okno::ui::TerminalWindow</name>
    <message>
        <source>, окно %1</source>
        <translation>, desk %1</translation>
    </message>
</context>
</TS>
