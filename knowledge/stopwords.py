"""Function words that carry no topic in English, Russian and Kyrgyz (Kyrgyz letters folded to о/у/н).

Question words ("when", "кто", "качан") and "you" (questions to the bot) are deliberately absent: they
tell "when was it founded" from "what is
it", and the matcher already weights them down by how many entries use them.
"""

from __future__ import annotations

_ENGLISH = """
a an the is are was were be been being am do does did doing done to of in on at for by with from about as into
and or but if then so than that this these those it its it's i me my we our he him his she her they them
their there here could would should will shall may might must have has had having not no yes please pls plz
me us let just also actually really very some any any more much such own same too s t don't
well anyway like get got inside within onto upon toward towards along among one supposed exactly
because want going need kindly indicate specify
"""

_RUSSIAN = """
а и в во на по с со што шо чо че к ко о об обо от за из у же ли бы был была были было быть есть это этот эта эти этого
этой этим этих этому эту том тот та те то тем той того тех как так также там тут здесь вот ну да нет не ни но или
либо что чтобы ли мне меня мы нас ими них нем ней
нам он она они оно его ее их ему ей им при для про через над под между же уж ведь
пожалуйста подскажите скажите расскажите подскажи скажи расскажи можно могу могли бы хотел хотела хочу
знать вообще просто очень еще уже всё все всех весь вся
свой своя свое своё свои своего своей своем своём своих своим своими свою
который которая которое которые которого которой котором которых которым которыми которую
мой моя мое моё мои моего моей моем моих моим мою наш наша наше наши нашего нашей нашем наших нашим нашу
ваш ваша ваше ваши вашего вашей вашем ваших вашим вашу себя себе
если тоже только даже может нужно надо будет будут сейчас теперь тогда потом ещё
дай дайте назови назовите перечисли перечислите покажи покажите
прочие прочих прочим прочими прочее
"""

_KYRGYZ = """
жана менен да дагы же бул ушул ал алар мен биз силер анын мага сага эле болуп болот деп деген
үчүн учун тууралуу жөнүндө жонундо жана ошол ошондой бир ооба жок эмес бар беле го чы ко
айтып бериңизчи бериниз бериңиз айтыңызчы айтынызчы сураныч суранам
анан бирок өз өзү өзүнүн биздин менин силердин алардын бизге
"""

_FOLD = str.maketrans({"ө": "о", "ү": "у", "ң": "н", "ё": "е"})

STOP_WORDS_BY_LANGUAGE: dict[str, frozenset[str]] = {
    lang: frozenset(words.split()) for lang, words in (("en", _ENGLISH), ("ru", _RUSSIAN), ("ky", _KYRGYZ))
}
STOP_WORDS: frozenset[str] = frozenset().union(
    *STOP_WORDS_BY_LANGUAGE.values(), (word.translate(_FOLD) for word in STOP_WORDS_BY_LANGUAGE["ky"])
)
"""As written, plus the Kyrgyz ones as typed without ө/ү/ң ("учун" for "үчүн")."""
