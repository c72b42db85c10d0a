#include "ErrorText.h"

#include <QCoreApplication>

namespace okno::ui {

QString errorText(const Error &e)
{
    // lupdate files a tr() in namespace okno::ui under "okno::ui": the same context here.
    const auto tr = [](const char *s) { return QCoreApplication::translate("okno::ui", s); };
    QString text;
    switch (e.code) {
    case ErrorCode::CentreClosed:
        text = tr("ЦОК сейчас не принимает посетителей.");
        break;
    case ErrorCode::QueueEmpty:
        text = tr("В очереди никого нет.");
        break;
    case ErrorCode::DeskUnavailable:
        text = tr("Окно не открыто, на перерыве или занято текущим посетителем.");
        break;
    case ErrorCode::InvalidTransition:
        text = tr("Сейчас это действие для талона невозможно.");
        break;
    case ErrorCode::Forbidden:
        text = tr("Недостаточно прав для этого действия.");
        break;
    case ErrorCode::AuthFailed:
        text = tr("Неверный логин или пароль.");
        break;
    case ErrorCode::TooManyAttempts:
        text = tr("Слишком много неудачных попыток ввода пароля. Подождите или обратитесь к системному "
                  "администратору.");
        break;
    case ErrorCode::AuthRequired:
        text = tr("Сеанс завершён — войдите заново.");
        break;
    case ErrorCode::InvalidArgument:
    case ErrorCode::BadRequest:
        text = tr("Проверьте введённые данные.");
        break;
    case ErrorCode::NotFound:
        text = tr("Не найдено.");
        break;
    case ErrorCode::Conflict:
        text = tr("Конфликт данных: обновите экран.");
        break;
    case ErrorCode::Unavailable:
    case ErrorCode::Moved: // the client library follows it by itself; seen only when that failed
        text = tr("Нет связи с сервером. Действие будет выполнено после восстановления связи.");
        break;
    case ErrorCode::Busy:
        text = tr("Сервер сейчас строит другие отчёты. Повторите через минуту.");
        break;
    default:
        text = tr("Ошибка сервера.");
        break;
    }
    return text;
}

QString errorDetail(const Error &e)
{
    return errorCodeName(e.code) + QStringLiteral(": ") + e.message;
}

QString errorHint(const Error &e)
{
    return QCoreApplication::translate("okno::ui", "Код ошибки для администратора ИТ: %1")
        .arg(errorCodeName(e.code));
}

QString loginFailureText(ErrorCode code)
{
    const auto tr = [](const char *s) { return QCoreApplication::translate("okno::ui", s); };
    switch (code) {
    case ErrorCode::AuthFailed:
        return tr("Неверный логин или пароль. Введите их ещё раз.");
    case ErrorCode::TooManyAttempts:
        return tr("Слишком много неудачных попыток входа: вход временно заблокирован. Подождите несколько "
                  "минут или обратитесь к системному администратору.");
    case ErrorCode::Forbidden:
        return tr("Эта учётная запись не может работать за этим терминалом.");
    case ErrorCode::NotFound:
        return tr("Такого окна нет в этом ЦОК: проверьте номер окна.");
    case ErrorCode::BadRequest:
    case ErrorCode::InvalidArgument:
        return tr("Проверьте логин, пароль и номер окна.");
    case ErrorCode::Unavailable:
        return tr("Сервер сейчас недоступен. Попробуйте ещё раз.");
    default:
        return tr("Вход не выполнен: ошибка сервера.");
    }
}

} // namespace okno::ui
