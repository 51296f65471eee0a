/**
 * The demo contest loaded on the first start (no contest yet; DEMO_COURSE=false turns it off with the demo
 * course): "Công dân số Hải Phòng - sử dụng thông minh - sống an toàn", organised by the city, published,
 * with a bank of 30 questions on digital safety and online public services, round 1 open now for 30 days
 * (10 questions, 15 minutes, one attempt, a prediction question) and round 2 opening after it.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { unitByCode } from '../units/repository.js';
import * as quizRepo from '../quizzes/repository.js';
import type { QuestionValues } from '../quizzes/question-input.js';

export const DEMO_CONTEST_SLUG = 'cong-dan-so-hai-phong';

const DAY = 86_400_000;

type Q = [type: QuestionValues['type'], text: string, options: string[], answer: number[], explanation: string, topic: string, competence: string | null, difficulty?: number];

const TF = ['Đúng', 'Sai'];

/** The demo bank: everyday digital safety, online public services, VNeID, online payment, fake news. */
export const DEMO_QUESTIONS: Q[] = [
  ['single', 'Bạn nhận được tin nhắn: “Tài khoản ngân hàng của bạn sắp bị khóa, bấm vào đường dẫn sau để xác minh”. Bạn nên làm gì?', ['Bấm vào đường dẫn và làm theo hướng dẫn', 'Không bấm, gọi tổng đài chính thức của ngân hàng để hỏi', 'Chuyển tiếp tin nhắn cho người thân để hỏi ý kiến', 'Trả lời tin nhắn để hỏi lại'], [1], 'Ngân hàng không yêu cầu xác minh qua đường dẫn trong tin nhắn. Hãy liên hệ tổng đài in trên thẻ hoặc trên trang chính thức.', 'Lừa đảo trực tuyến', '4.2'],
  ['single', 'Mã OTP (mật khẩu dùng một lần) do ngân hàng gửi đến điện thoại của bạn được phép cung cấp cho ai?', ['Nhân viên ngân hàng gọi điện đến', 'Người thân trong gia đình', 'Không cung cấp cho bất kỳ ai', 'Cán bộ công an gọi điện đến'], [2], 'OTP chỉ dùng để chính bạn xác nhận giao dịch. Không ai có quyền hỏi mã OTP của bạn.', 'Lừa đảo trực tuyến', '4.2'],
  ['multiple', 'Những dấu hiệu nào cho thấy một cuộc gọi có thể là lừa đảo?', ['Tự xưng là công an, tòa án và yêu cầu chuyển tiền để “phục vụ điều tra”', 'Thúc giục bạn làm ngay, dọa sẽ bị bắt hoặc bị phạt', 'Yêu cầu giữ bí mật, không cho người thân biết', 'Thông báo lịch tiêm chủng tại trạm y tế phường'], [0, 1, 2], 'Cơ quan nhà nước không làm việc qua điện thoại để yêu cầu chuyển tiền. Thúc ép và đòi giữ bí mật là chiêu thức quen thuộc của kẻ lừa đảo.', 'Lừa đảo trực tuyến', '4.2', 2],
  ['true_false', 'Cơ quan công an có thể gọi điện yêu cầu người dân chuyển tiền vào “tài khoản tạm giữ” để phục vụ điều tra.', TF, [1], 'Không có “tài khoản tạm giữ” nào như vậy. Đây là thủ đoạn lừa đảo phổ biến.', 'Lừa đảo trực tuyến', '4.2'],
  ['single', 'Mật khẩu nào dưới đây an toàn nhất?', ['123456', 'ngaysinh1975', 'Hp@2025!meo-vang-ngu-trua', 'matkhau'], [2], 'Mật khẩu mạnh đủ dài, có chữ hoa, chữ thường, số và ký tự đặc biệt, không dùng thông tin cá nhân dễ đoán.', 'Bảo vệ tài khoản', '4.1'],
  ['true_false', 'Dùng chung một mật khẩu cho tất cả các tài khoản (thư điện tử, mạng xã hội, ngân hàng) là an toàn nếu mật khẩu đó đủ mạnh.', TF, [1], 'Nếu một trang bị lộ mật khẩu, kẻ gian sẽ thử mật khẩu đó trên các tài khoản khác. Mỗi tài khoản quan trọng nên có mật khẩu riêng.', 'Bảo vệ tài khoản', '4.1'],
  ['single', 'Xác thực hai yếu tố (2FA) giúp bảo vệ tài khoản như thế nào?', ['Làm cho tài khoản không bao giờ cần mật khẩu', 'Ngoài mật khẩu, cần thêm một bước xác nhận như mã gửi về điện thoại', 'Giúp đăng nhập nhanh hơn', 'Tự động đổi mật khẩu hằng tháng'], [1], 'Dù kẻ gian biết mật khẩu, họ vẫn cần bước xác nhận thứ hai mới đăng nhập được.', 'Bảo vệ tài khoản', '4.1'],
  ['multiple', 'Để bảo vệ điện thoại thông minh, bạn nên làm những việc nào?', ['Đặt mã khóa màn hình', 'Cập nhật hệ điều hành và ứng dụng thường xuyên', 'Chỉ cài ứng dụng từ kho ứng dụng chính thức', 'Cài ứng dụng theo đường dẫn người lạ gửi qua Zalo'], [0, 1, 2], 'Ứng dụng từ đường dẫn lạ có thể chứa mã độc chiếm quyền điều khiển điện thoại và tài khoản ngân hàng.', 'Bảo vệ thiết bị', '4.1', 2],
  ['true_false', 'Kết nối Wi-Fi công cộng không mật khẩu ở quán cà phê để đăng nhập ngân hàng điện tử là an toàn.', TF, [1], 'Mạng Wi-Fi công cộng có thể bị nghe lén. Khi giao dịch ngân hàng, hãy dùng dữ liệu di động hoặc mạng tin cậy.', 'Bảo vệ thiết bị', '4.1'],
  ['single', 'Ứng dụng định danh điện tử quốc gia của Bộ Công an có tên là gì?', ['VNeID', 'VssID', 'Zalo', 'eTax Mobile'], [0], 'VNeID là ứng dụng định danh và xác thực điện tử do Bộ Công an phát triển; tài khoản định danh mức 2 dùng được cho nhiều dịch vụ công.', 'Dịch vụ công trực tuyến', '2.3'],
  ['single', 'Cổng Dịch vụ công quốc gia có địa chỉ nào?', ['dichvucong.gov.vn', 'dichvucong.com', 'dvc-quocgia.vn', 'congdichvu.net'], [0], 'Trang chính thức có tên miền .gov.vn. Cẩn thận với các trang giả mạo có tên gần giống.', 'Dịch vụ công trực tuyến', '2.3'],
  ['true_false', 'Người dân có thể đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh điện tử VNeID.', TF, [0], 'Tài khoản VNeID dùng được để đăng nhập Cổng Dịch vụ công quốc gia và nhiều cổng dịch vụ công của tỉnh, thành phố.', 'Dịch vụ công trực tuyến', '2.3'],
  ['multiple', 'Những thủ tục nào người dân có thể làm trực tuyến mà không cần đến cơ quan nhà nước?', ['Đăng ký khai sinh', 'Đăng ký thường trú, tạm trú', 'Nộp thuế, phí, lệ phí', 'Nhận lại bản gốc giấy tờ bị thất lạc mà không cần xác minh'], [0, 1, 2], 'Nhiều thủ tục đã được cung cấp trực tuyến toàn trình; kết quả có thể nhận bản điện tử hoặc qua bưu điện.', 'Dịch vụ công trực tuyến', '2.3', 2],
  ['single', 'Khi tra cứu tình trạng hồ sơ dịch vụ công trực tuyến, bạn cần thông tin nào?', ['Mã hồ sơ được cấp khi nộp', 'Mật khẩu thư điện tử', 'Số tài khoản ngân hàng', 'Mã OTP của ngân hàng'], [0], 'Mỗi hồ sơ nộp trực tuyến có mã hồ sơ để tra cứu tiến độ xử lý.', 'Dịch vụ công trực tuyến', '2.3'],
  ['single', 'Khi thấy một tin “giật gân” trên mạng xã hội, việc nên làm trước khi chia sẻ là gì?', ['Chia sẻ ngay để mọi người cùng biết', 'Kiểm tra nguồn tin, đối chiếu với báo chí chính thống và trang của cơ quan chức năng', 'Bình luận để hỏi người khác', 'Chụp màn hình gửi vào các nhóm Zalo'], [1], 'Chia sẻ tin chưa kiểm chứng có thể lan truyền tin giả và vi phạm pháp luật.', 'Tin giả', '1.2'],
  ['multiple', 'Những dấu hiệu nào thường gặp ở tin giả?', ['Tiêu đề giật gân, kêu gọi chia sẻ gấp', 'Không rõ nguồn, không có tác giả hoặc ngày đăng', 'Trang đăng có tên gần giống báo chính thống', 'Được đăng đồng thời trên cổng thông tin điện tử của thành phố'], [0, 1, 2], 'Tin trên cổng thông tin chính thức của cơ quan nhà nước là nguồn đáng tin cậy để đối chiếu.', 'Tin giả', '1.2', 2],
  ['true_false', 'Đăng tải, chia sẻ thông tin sai sự thật trên mạng xã hội có thể bị xử phạt theo quy định của pháp luật.', TF, [0], 'Người đăng tải, chia sẻ thông tin sai sự thật có thể bị xử phạt hành chính hoặc truy cứu trách nhiệm hình sự tùy mức độ.', 'Tin giả', '2.5'],
  ['single', 'Khi phát hiện tin giả, tin xấu độc trên mạng, bạn có thể phản ánh ở đâu?', ['Trung tâm Xử lý tin giả Việt Nam (tingia.gov.vn) hoặc chức năng báo cáo của mạng xã hội', 'Đăng bài chỉ trích người đăng tin', 'Nhắn tin đe dọa người đăng tin', 'Không cần làm gì'], [0], 'Trung tâm Xử lý tin giả Việt Nam tiếp nhận phản ánh tại tingia.gov.vn; các mạng xã hội đều có chức năng báo cáo nội dung.', 'Tin giả', '1.2'],
  ['single', 'Thông tin nào dưới đây là dữ liệu cá nhân nhạy cảm cần được bảo vệ đặc biệt?', ['Tình trạng sức khỏe, bệnh án', 'Tên trường học công khai của một trường', 'Giờ mở cửa của bưu điện', 'Dự báo thời tiết'], [0], 'Theo pháp luật về bảo vệ dữ liệu cá nhân, thông tin sức khỏe là dữ liệu cá nhân nhạy cảm.', 'Dữ liệu cá nhân', '4.2', 2],
  ['multiple', 'Những việc nào giúp bảo vệ dữ liệu cá nhân của bạn trên mạng xã hội?', ['Giới hạn người xem các bài đăng cá nhân', 'Không đăng ảnh căn cước công dân, vé máy bay có mã vạch', 'Cẩn trọng với các trò chơi “xem bạn giống ai” đòi quyền truy cập tài khoản', 'Công khai số điện thoại và địa chỉ nhà để bạn bè dễ liên hệ'], [0, 1, 2], 'Thông tin công khai có thể bị thu thập để giả mạo danh tính hoặc lừa đảo.', 'Dữ liệu cá nhân', '4.2', 2],
  ['true_false', 'Chụp ảnh hai mặt căn cước công dân gửi cho người lạ để “nhận quà tri ân khách hàng” là việc an toàn.', TF, [1], 'Ảnh căn cước có thể bị dùng để mở tài khoản, vay tiền hoặc đăng ký sim mạo danh.', 'Dữ liệu cá nhân', '4.2'],
  ['single', 'Trước khi quét mã QR để thanh toán, bạn nên kiểm tra điều gì?', ['Tên người nhận hiển thị trong ứng dụng ngân hàng đúng với cửa hàng', 'Màu sắc của mã QR', 'Kích thước tờ giấy in mã QR', 'Không cần kiểm tra gì'], [0], 'Kẻ gian có thể dán mã QR giả đè lên mã thật. Hãy đối chiếu tên người nhận trước khi xác nhận chuyển tiền.', 'Thanh toán trực tuyến', '4.2'],
  ['multiple', 'Khi mua hàng trực tuyến, những việc nào giúp tránh bị lừa?', ['Mua trên sàn thương mại điện tử uy tín hoặc trang chính thức của cửa hàng', 'Ưu tiên thanh toán khi nhận hàng hoặc qua sàn', 'Xem đánh giá của người mua trước', 'Chuyển khoản trước toàn bộ cho người bán lạ vì giá rẻ bất thường'], [0, 1, 2], 'Giá rẻ bất thường và yêu cầu chuyển khoản trước là dấu hiệu lừa đảo thường gặp.', 'Thanh toán trực tuyến', '4.2', 2],
  ['true_false', 'Khi nhận được tiền “chuyển nhầm” vào tài khoản, bạn nên tự chuyển trả lại theo yêu cầu của người lạ gọi điện đến.', TF, [1], 'Hãy báo cho ngân hàng để xử lý theo quy trình; kẻ gian có thể dùng chiêu “chuyển nhầm” để ép trả nợ với lãi cao.', 'Thanh toán trực tuyến', '4.2'],
  ['single', 'Để giữ gìn sức khỏe khi dùng thiết bị số, nên làm gì?', ['Nghỉ mắt vài phút sau mỗi khoảng thời gian dùng màn hình', 'Dùng điện thoại liên tục đến khuya', 'Để độ sáng màn hình cao nhất trong phòng tối', 'Cho trẻ nhỏ xem điện thoại cả ngày'], [0], 'Quy tắc 20-20-20: cứ 20 phút nhìn xa khoảng 6 mét trong 20 giây giúp mắt đỡ mỏi.', 'Sức khỏe số', '4.3'],
  ['single', 'Cha mẹ nên làm gì để trẻ em sử dụng Internet an toàn?', ['Cùng con đặt quy tắc sử dụng và dùng tính năng quản lý của phụ huynh', 'Cấm hoàn toàn mọi thiết bị số', 'Để trẻ tự do kết bạn với người lạ', 'Cho trẻ dùng tài khoản của người lớn'], [0], 'Đồng hành, trò chuyện và dùng công cụ kiểm soát phù hợp lứa tuổi giúp trẻ an toàn hơn trên mạng.', 'Sức khỏe số', '4.3'],
  ['multiple', 'Tổ công nghệ số cộng đồng hỗ trợ người dân những việc gì?', ['Cài đặt và kích hoạt tài khoản VNeID', 'Hướng dẫn nộp hồ sơ dịch vụ công trực tuyến', 'Hướng dẫn thanh toán không dùng tiền mặt an toàn', 'Giữ hộ mật khẩu tài khoản ngân hàng của người dân'], [0, 1, 2], 'Thành viên tổ công nghệ số hướng dẫn người dân tự thao tác; không ai nên giữ hộ mật khẩu hay mã OTP của người khác.', 'Chuyển đổi số cộng đồng', '5.2', 2],
  ['true_false', 'Phong trào “Bình dân học vụ số” hướng tới mục tiêu mọi người dân đều được phổ cập kỹ năng số cơ bản.', TF, [0], '“Toàn dân, toàn diện, không ai bị bỏ lại phía sau” là tinh thần của phong trào.', 'Chuyển đổi số cộng đồng', '5.4'],
  ['single', 'Khi dùng công cụ trí tuệ nhân tạo (AI) để hỏi đáp, điều nào sau đây là đúng?', ['Câu trả lời của AI có thể sai, cần kiểm tra lại với nguồn tin cậy', 'AI luôn trả lời chính xác tuyệt đối', 'Nên nhập số căn cước và mật khẩu để AI hỗ trợ nhanh hơn', 'Mọi hình ảnh, video do AI tạo ra đều là thật'], [0], 'AI có thể “bịa” thông tin. Không đưa dữ liệu cá nhân, bí mật vào công cụ AI và luôn kiểm chứng kết quả.', 'Trí tuệ nhân tạo', '6.3', 2],
  ['true_false', 'Kẻ gian có thể dùng công nghệ deepfake để giả giọng nói, hình ảnh người thân khi gọi video vay tiền.', TF, [0], 'Khi có người thân gọi video hỏi vay tiền gấp, hãy gọi lại bằng số điện thoại quen thuộc để xác minh.', 'Trí tuệ nhân tạo', '6.3'],
];

const PREDICTION = 'Theo bạn, có bao nhiêu người trả lời đúng tất cả các câu hỏi của vòng này?';

const CONTEST = {
  title: 'Công dân số Hải Phòng - sử dụng thông minh - sống an toàn',
  summary:
    'Cuộc thi trực tuyến tìm hiểu kỹ năng số dành cho mọi người dân, cán bộ, công chức, viên chức, học sinh, sinh viên đang sinh sống, học tập và làm việc trên địa bàn thành phố, hưởng ứng phong trào “Bình dân học vụ số”.',
  rules: [
    'Mỗi người đăng ký dự thi một lần bằng số điện thoại hoặc số căn cước công dân, chọn đơn vị (xã, phường, đặc khu hoặc sở, ngành) và đối tượng của mình.',
    'Mỗi vòng thi gồm 10 câu hỏi trắc nghiệm được chọn ngẫu nhiên từ ngân hàng câu hỏi, làm trong 15 phút. Thời gian do máy chủ tính từ lúc bấm “Bắt đầu làm bài”; nếu mất kết nối, thí sinh đăng nhập lại trên bất kỳ thiết bị nào để làm tiếp trong thời gian còn lại. Hết giờ, bài được tự động nộp với các câu trả lời đã lưu.',
    'Ngoài các câu trắc nghiệm, thí sinh trả lời câu hỏi dự đoán số người trả lời đúng tất cả các câu hỏi của vòng thi.',
    'Xếp hạng theo số câu trả lời đúng; nếu bằng nhau, xét người có dự đoán gần đúng nhất, rồi người làm bài trong thời gian ngắn hơn, rồi người nộp bài sớm hơn.\nKết quả được công bố sau khi vòng thi kết thúc.',
  ].join('\n\n'),
  prizes: [
    'Giải cá nhân mỗi vòng: 01 giải Nhất, 02 giải Nhì, 03 giải Ba và 05 giải Khuyến khích, kèm Giấy khen của Sở Khoa học và Công nghệ.',
    'Giải tập thể: Giấy khen cho 10 đơn vị có tỷ lệ người dân tham gia cao nhất.',
  ].join('\n\n'),
};

function values(q: Q): QuestionValues {
  const [type, text, options, answer, explanation, topic, competence, difficulty] = q;
  return { type, text, options, answer, explanation, topic, competence, difficulty: difficulty ?? 1 };
}

/** Creates the demo contest when there is no contest at all; returns its id, or null when nothing was done. */
export async function ensureDemoContest(db: Kysely<DB>, config: Config, now = new Date()): Promise<number | null> {
  if (!config.demoCourse) return null;
  if (await db.selectFrom('contests').select('id').limit(1).executeTakeFirst()) return null;
  const city = await unitByCode(db, config.cityCode);
  if (!city) return null;
  return db.transaction().execute(async (trx) => {
    const bankId = await quizRepo.insertBank(trx, {
      unitId: city.id,
      name: 'Ngân hàng câu hỏi cuộc thi Công dân số',
      description: 'Câu hỏi về an toàn trên mạng, dịch vụ công trực tuyến, thanh toán số và nhận diện tin giả.',
      createdBy: null,
    });
    await quizRepo.insertQuestions(trx, bankId, DEMO_QUESTIONS.map(values), null);
    const quizId = await quizRepo.insertQuiz(
      trx,
      city.id,
      {
        title: 'Đề thi cuộc thi Công dân số (10 câu, 15 phút)',
        bankId,
        rules: [{ count: 10 }],
        shuffleQuestions: true,
        shuffleOptions: true,
        timeLimitSeconds: 15 * 60,
        attemptsAllowed: 1,
        grading: 'highest',
        passPercent: null,
        review: 'never',
      },
      null,
    );
    const at = now.toISOString();
    const { id } = await trx
      .insertInto('contests')
      .values({
        slug: DEMO_CONTEST_SLUG,
        unit_id: city.id,
        title: CONTEST.title,
        summary: CONTEST.summary,
        rules: CONTEST.rules,
        prizes_text: CONTEST.prizes,
        target_groups: JSON.stringify(['public_servant', 'citizen', 'trader', 'teacher', 'student', 'other']),
        ranking_order: JSON.stringify(['correct', 'prediction', 'duration', 'submitted']),
        show_score_on_submit: 0,
        registration_opens_at: null,
        registration_closes_at: null,
        status: 'published',
        created_by: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const round1Opens = new Date(now.getTime() - 60_000);
    const round1Closes = new Date(round1Opens.getTime() + 30 * DAY);
    const rounds = [
      { number: 1, title: 'Sử dụng thông minh', opens: round1Opens, closes: round1Closes },
      { number: 2, title: 'Sống an toàn', opens: new Date(round1Closes.getTime() + DAY), closes: new Date(round1Closes.getTime() + 15 * DAY) },
    ];
    await trx
      .insertInto('contest_rounds')
      .values(
        rounds.map((r) => ({
          contest_id: id,
          number: r.number,
          title: r.title,
          opens_at: r.opens.toISOString(),
          closes_at: r.closes.toISOString(),
          quiz_id: quizId,
          attempts_allowed: 1,
          prediction_question: PREDICTION,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    return id;
  });
}
